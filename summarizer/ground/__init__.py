"""Ground: evidence aligned to the article (``align``) and a validated Draft turned into the output
contract (``assemble``)."""
