import pytest

from retail.barcodes import Symbology, split_aim


@pytest.mark.parametrize(
    ("text", "symbology", "data"),
    [
        ("]E07310865004703", Symbology.EAN13, "7310865004703"),
        ("]E39771234567003", Symbology.EAN13, "9771234567003"),
        ("]E496385074", Symbology.EAN8, "96385074"),
        ("]C10109501101530003", Symbology.GS1_128, "0109501101530003"),
        ("]C0ABC", Symbology.CODE128, "ABC"),
        ("]d20109501101530003", Symbology.GS1_DATAMATRIX, "0109501101530003"),
        ("]d1hello", Symbology.DATAMATRIX, "hello"),
        ("]Q30109501101530003", Symbology.GS1_QR, "0109501101530003"),
        ("]Q1https://example.org", Symbology.QR, "https://example.org"),
        ("]e00109501101530003", Symbology.GS1_DATABAR, "0109501101530003"),
        ("]A0CODE39", Symbology.OTHER, "CODE39"),
        ("7310865004703", None, "7310865004703"),
        ("]E", None, "]E"),
        ("]1x", None, "]1x"),
        ("]Åx", None, "]Åx"),
        ("", None, ""),
    ],
)
def test_split_aim(text: str, symbology: Symbology | None, data: str) -> None:
    assert split_aim(text) == (symbology, data)
