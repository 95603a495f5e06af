from delaktig.themes.analysis import Preprocessor, default_name, suggest_themes

from .corpus import generate, purity


def groups(result):
    return [[index for index, _w in theme.members] for theme in result.themes]


def test_themes_recover_the_generated_topics():
    texts, labels = generate(per_topic=60, seed=1)
    result = suggest_themes(texts)
    assert len(result.themes) == 4
    assert purity(groups(result), labels) >= 0.9


def test_recovery_holds_with_more_noise_and_other_seeds():
    for seed in (2, 3):
        texts, labels = generate(per_topic=40, seed=seed, noise=0.25)
        result = suggest_themes(texts)
        assert 3 <= len(result.themes) <= 6
        assert purity(groups(result), labels) >= 0.8


def test_same_answers_give_the_same_themes():
    texts, _labels = generate(per_topic=30, seed=5)
    first, second = suggest_themes(texts), suggest_themes(texts)
    assert [t.top_words for t in first.themes] == [t.top_words for t in second.themes]
    assert groups(first) == groups(second)


def test_top_words_are_readable_words_not_stems():
    texts, _labels = generate(per_topic=30, seed=6)
    words = {word for theme in suggest_themes(texts).themes for word in theme.top_words}
    vocabulary = {word.lower().strip(".") for text in texts for word in text.split()}
    assert words <= vocabulary


def test_quotes_are_the_strongest_members():
    texts, _labels = generate(per_topic=20, seed=7)
    theme = suggest_themes(texts).themes[0]
    weights = [w for _i, w in theme.members]
    assert weights == sorted(weights, reverse=True)
    assert theme.quotes() == [i for i, _w in theme.members[:3]]


def test_stop_words_and_stemming():
    prep = Preprocessor()
    tokens = prep.tokens("Jag tycker att cyklarna och cykeln behöver en bättre cykelbana!")
    assert "jag" not in tokens and "att" not in tokens
    assert prep.tokens("cyklar")[0] == prep.tokens("cyklarna")[0]
    assert prep.readable(prep.tokens("cyklar")[0]) in {"cyklar", "cyklarna"}


def test_texts_without_words_are_unassigned():
    texts, _labels = generate(per_topic=10, seed=8)
    result = suggest_themes([*texts, "Bra!", ""])
    assert {len(texts), len(texts) + 1} <= set(result.unassigned)


def test_too_little_text_gives_no_themes():
    assert suggest_themes(["Bra", "Ja"]).themes == []
    assert suggest_themes([]).themes == []


def test_fixed_k_for_a_split():
    texts, _labels = generate(per_topic=15, seed=9)
    assert len(suggest_themes(texts, k=2).themes) == 2


def test_default_name():
    assert default_name(["buss", "cykel", "trafik", "gata"]) == "Buss, cykel, trafik"


def test_the_number_of_themes_follows_the_data():
    texts, labels = generate(per_topic=40, seed=10)
    keep = [i for i, label in enumerate(labels) if label != "skola"]
    result = suggest_themes([texts[i] for i in keep])
    assert len(result.themes) == 3
    assert purity(groups(result), [labels[i] for i in keep]) >= 0.9
