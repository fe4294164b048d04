"""scripts/llama-cmake-args: the llama-cpp-python build flags for a CPU, as README and CI use them."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "llama-cmake-args"
AVX2 = "fpu sse4_2 avx f16c fma avx2 bmi2"
AVX512 = "avx512f avx512cd avx512vl avx512dq avx512bw avx512_vnni avx512vbmi avx512_bf16"


def _flags(tmp_path: Path, cpu_flags: str | None) -> list[str]:
    info = tmp_path / "cpuinfo"
    if cpu_flags is not None:
        info.write_text(f"processor\t: 0\nflags\t\t: {cpu_flags}\nbugs\t\t: avx512f\n\nprocessor\t: 1\n")
    out = subprocess.run(["sh", str(SCRIPT)], env={"CPUINFO": str(info), "PATH": "/usr/bin:/bin"},
                         capture_output=True, text=True, check=True)
    return out.stdout.split()


@pytest.mark.parametrize("cpu", [AVX2, f"{AVX2} amx_tile amx_int8 avx512f avx512bw"])
def test_a_cpu_without_every_avx512_part_gets_the_avx2_build(tmp_path, cpu):
    flags = _flags(tmp_path, cpu)
    assert flags == ["-DGGML_NATIVE=OFF", "-DGGML_AVX2=ON", "-DGGML_FMA=ON", "-DGGML_F16C=ON"]


def test_a_cpu_with_avx512_vnni_vbmi_bf16_gets_them_and_never_amx(tmp_path):
    flags = _flags(tmp_path, f"{AVX2} {AVX512} amx_tile amx_int8 amx_bf16")
    assert {"-DGGML_AVX512=ON", "-DGGML_AVX512_VNNI=ON", "-DGGML_AVX512_VBMI=ON", "-DGGML_AVX512_BF16=ON",
            "-DGGML_NATIVE=OFF", "-DGGML_AVX2=ON"} <= set(flags)
    assert not [f for f in flags if "AMX" in f or f == "-DGGML_NATIVE=ON"]


def test_no_cpuinfo_gets_the_avx2_build(tmp_path):
    assert "-DGGML_AVX512=ON" not in _flags(tmp_path, None)


def test_readme_and_ci_build_with_the_script():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = re.search(r"```bash\n(.*?)```", readme, re.S).group(1).splitlines()  # type: ignore[union-attr]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for line in [*lines, *[x for x in ci.splitlines() if "pip install" in x]]:
        assert 'CMAKE_ARGS="$(sh scripts/llama-cmake-args)"' in line, line
