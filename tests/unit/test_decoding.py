"""Legacy encodings: Western European news read as Windows-1252, other scripts as their own."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.articles import load_article

# News sentences with the letters, curly quotes and dashes Windows-1252 keeps in 0x80-0x9F.
WESTERN = {
    "french, one line": "La Côte d’Ivoire a voté — une décision naïve.",
    "french": (
        "Le président russe est arrivé jeudi à Bichkek pour son premier voyage à l’étranger "
        "depuis le mandat d’arrêt. « Nous allons parler de commerce », a déclaré le "
        "porte-parole — une visite jugée « naïve » en Côte d’Ivoire."
    ),
    "german": (
        "Die Bundesregierung hat am Donnerstag überraschend neue Maßnahmen beschlossen. "
        "„Wir müssen schnell handeln“, sagte der Minister in Köln – die Preise seien für "
        "viele Bürger kaum noch bezahlbar."
    ),
    "spanish": (
        "El Gobierno aprobó el martes una reforma que, según el ministro, “garantiza la "
        "sostenibilidad del sistema”. La oposición criticó la medida —que entrará en vigor "
        "en enero— y preguntó: ¿quién pagará la factura?"
    ),
    "portuguese": (
        "O presidente afirmou nesta quarta-feira, em Brasília, que o governo não vai “abrir "
        "mão” das metas fiscais. A declaração surpreendeu os mercados – e as ações caíram em "
        "São Paulo."
    ),
    "english": (
        "The café’s owner, a naïve newcomer to the Côte d’Azur, said the façade would be "
        "“restored by spring” — a promise the mayor’s office called premature… The résumé "
        "of the new chef, José Muñoz, was “impressive,” a spokeswoman said."
    ),
}

# Long enough (over 400 letters) for the language of the text to count as evidence.
LONG_FRENCH = (
    "Le président russe Vladimir Poutine est arrivé jeudi à Bichkek, au Kirghizistan, pour "
    "son premier voyage à l’étranger depuis le mandat d’arrêt émis contre lui par la Cour "
    "pénale internationale. « Nous allons parler de commerce et de sécurité », a déclaré le "
    "porte-parole du Kremlin — une visite jugée « naïve » par certains diplomates. Les deux "
    "présidents ont célébré le vingtième anniversaire de la base aérienne russe de Kant, "
    "près de la capitale, où les échanges ont fortement augmenté cette année."
)

# Text in other legacy code pages, each of which also decodes as Windows-1252 bytes or
# nearly: the reader must still pick the file's own code page.
OTHER = {
    "russian cp1251": (
        "cp1251",
        "Президент России Владимир Путин прибыл в четверг в Бишкек — это его первая "
        "зарубежная поездка после выдачи ордера на арест. «Мы обсудим торговлю и "
        "безопасность», — сказал он журналистам.",
    ),
    "russian koi8-r": (
        "koi8_r",
        "Президент России Владимир Путин прибыл в четверг в Бишкек, это его первая "
        "зарубежная поездка после выдачи ордера на арест.",
    ),
    "greek cp1253": (
        "cp1253",
        "Ο πρωθυπουργός δήλωσε την Πέμπτη στην Αθήνα ότι η κυβέρνηση θα στηρίξει τις "
        "οικογένειες με νέα μέτρα για την ενέργεια. «Δεν θα αφήσουμε κανέναν πίσω», είπε.",
    ),
    "polish cp1250": (
        "cp1250",
        "Prezydent Rosji Władimir Putin przybył w czwartek do Biszkeku. To jego pierwsza "
        "podróż zagraniczna od wydania nakazu aresztowania – powiedział rzecznik Kremla.",
    ),
    "czech cp1250": (
        "cp1250",
        "Ruský prezident Vladimir Putin přiletěl ve čtvrtek do kyrgyzského Biškeku. Je to "
        "jeho první zahraniční cesta od chvíle, kdy na něj Mezinárodní trestní soud vydal "
        "zatykač, řekl mluvčí Kremlu Dmitrij Peskov. Oba prezidenti jednali o obchodu, "
        "energetice a bezpečnosti v regionu. Kyrgyzstán podle něj zůstává důležitým "
        "spojencem Moskvy. Návštěva potrvá dva dny a prezident se také setká s představiteli "
        "ruské vojenské základny v Kantu, která letos slaví dvacet let od svého založení. "
        "Opozice návštěvu kritizuje.",
    ),
    "turkish cp1254": (
        "cp1254",
        "Rusya Devlet Başkanı Vladimir Putin perşembe günü Kırgızistan'ın başkenti Bişkek'e "
        "geldi. Kremlin sözcüsü Dmitriy Peskov, bunun Uluslararası Ceza Mahkemesi'nin "
        "tutuklama kararı çıkarmasından sonraki ilk yurt dışı ziyareti olduğunu söyledi. İki "
        "lider ticaret, enerji ve bölgesel güvenlik konularını görüştü. Putin ayrıca "
        "Kant'taki Rus hava üssünün yirminci yıl dönümü törenine katılacak. Ziyaretin iki "
        "gün sürmesi bekleniyor ve liderlerin ortak bir bildiri yayımlaması planlanıyor.",
    ),
}


def _load(tmp_path: Path, raw: bytes) -> str:
    path = tmp_path / "article.txt"
    path.write_bytes(raw)
    return load_article(path).text


@pytest.mark.parametrize("language", sorted(WESTERN))
def test_western_news_in_windows_1252(tmp_path: Path, language: str) -> None:
    text = WESTERN[language]
    assert _load(tmp_path, text.encode("cp1252")) == text


def test_a_long_western_text_is_read_by_its_language_too(tmp_path: Path) -> None:
    assert _load(tmp_path, LONG_FRENCH.encode("cp1252")) == LONG_FRENCH


def test_latin_1_without_windows_punctuation(tmp_path: Path) -> None:
    text = "Le président est arrivé à Bichkek jeudi; il a salué les liens « très étroits »."
    assert _load(tmp_path, text.encode("latin-1")) == text


def test_iso_8859_15_euro_sign(tmp_path: Path) -> None:
    text = "Le prix a augmenté de 12 € en un an, selon l’office."
    latin9 = text.replace("’", "'")
    assert _load(tmp_path, latin9.encode("iso-8859-15")) == latin9


@pytest.mark.parametrize("name", sorted(OTHER))
def test_other_code_pages_keep_their_own_reading(tmp_path: Path, name: str) -> None:
    encoding, text = OTHER[name]
    raw = text.encode(encoding)
    raw.decode("cp1252")  # each of them is also valid Windows-1252
    assert _load(tmp_path, raw) == text
