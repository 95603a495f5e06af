"""A labelled Swedish corpus with known topics, generated, for the theme tests and
the benchmark. Each answer mixes words of its topic with filler shared by all
topics and the odd word from another topic (noise)."""

import random


def _words(text: str) -> list[str]:
    return text.split()


TOPICS = {
    "trafik": _words(
        "buss bussar busshållplats cykel cyklar cykelbana cykelvägar trafik trafiken "
        "parkering bilar bilarna hastighet övergångsställe korsning gatan vägen "
        "kollektivtrafik tåget pendling"
    ),
    "skola": _words(
        "skolan skolor lärare lärarna elever eleverna klassrum rasten läxor "
        "undervisning förskolan fritids skolgården matsalen skolmaten betyg "
        "klasserna rektorn"
    ),
    "natur": _words(
        "parken parker skogen träd träden naturen grönområden badplats sjön "
        "stranden promenader vandringsleder fåglar blommor lekplatsen ängen "
        "naturreservat friluftsliv"
    ),
    "trygghet": _words(
        "belysning belysningen lampor mörkt mörker otryggt tryggt trygghet "
        "kameror polisen nattvandrare skadegörelse klotter rädd kvällarna "
        "gångtunneln väktare brott"
    ),
}

FILLER = _words(
    "jag tycker att det är viktigt med mer bättre här i kommunen för alla som bor "
    "och vi behöver nog kanske gärna också området centrum invånare önskar"
)


def generate(per_topic: int = 60, *, seed: int = 1, noise: float = 0.1):
    """Return (texts, labels)."""
    rng = random.Random(seed)
    names = list(TOPICS)
    texts, labels = [], []
    for name in names:
        for _ in range(per_topic):
            words = rng.sample(TOPICS[name], rng.randint(3, 6))
            words += rng.sample(FILLER, rng.randint(3, 7))
            if rng.random() < noise:
                other = rng.choice([n for n in names if n != name])
                words.append(rng.choice(TOPICS[other]))
            rng.shuffle(words)
            texts.append(" ".join(words).capitalize() + ".")
            labels.append(name)
    order = list(range(len(texts)))
    rng.shuffle(order)
    return [texts[i] for i in order], [labels[i] for i in order]


def purity(groups: list[list[int]], labels: list[str]) -> float:
    """Share of texts that belong to their group's majority topic."""
    total = sum(len(g) for g in groups)
    if not total:
        return 0.0
    hits = 0
    for group in groups:
        counts: dict[str, int] = {}
        for index in group:
            counts[labels[index]] = counts.get(labels[index], 0) + 1
        hits += max(counts.values(), default=0)
    return hits / len(labels)
