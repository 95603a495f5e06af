"""Theme suggestion over Swedish free text: TF-IDF and NMF.

Pure functions on lists of strings, with no database access, so that the
background task, the split of a theme and the benchmark share one code path.

Steps: lowercase and tokenise, drop Swedish stop words, stem with Snowball's
Swedish stemmer (so "cykel", "cyklar", "cykeln" count as one word), weight with
TF-IDF, factorise with NMF. The number of themes, when not given, is the k in
2–10 whose themes are most coherent (UMass coherence of each theme's top words,
from how often they occur together in the same answers). NMF is deterministic
(nndsvd start, fixed random_state), so the same answers give the same themes.
"""

import math
import re
import warnings
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import snowballstemmer
from sklearn.decomposition import NMF
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer

from .stopwords import STOP_WORDS

TOKEN = re.compile(r"[a-zåäöéüæø]+")
MIN_THEMES = 2
MAX_THEMES = 10
TOP_WORDS = 8
QUOTES = 3
# Choosing k fits NMF once per candidate; on large dialogues a sample is enough to
# choose, and only the final fit sees every answer.
SELECTION_SAMPLE = 3000
# Coherence alone does not notice a topic that no theme covers (the other themes
# stay coherent), so the score adds how clearly each answer belongs to one theme
# (its largest NMF weight's share): too few themes leave mixed answers, too many
# split answers between near-twins. Tuned on the generated corpus in the tests.
DOMINANCE_WEIGHT = 2.0
# And how well the themes reproduce each answer (cosine of an answer's TF-IDF row
# and its reconstruction): too few themes leave a topic unexplained, which
# coherence and dominance both miss when the left-out answers lean on one theme.
FIT_WEIGHT = 2.0
# Ties (within this margin) go to the smaller k: fewer, broader themes are easier
# for staff to edit than many slivers.
TIE_MARGIN = 0.01
RANDOM_STATE = 0


@dataclass
class SuggestedTheme:
    top_words: list[str]
    # (index into the input texts, weight), highest weight first.
    members: list[tuple[int, float]] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.members)

    def quotes(self, n: int = QUOTES) -> list[int]:
        return [index for index, _w in self.members[:n]]


@dataclass
class AnalysisResult:
    themes: list[SuggestedTheme]
    # Texts with no word left after stop words (e.g. "Bra!"): in no theme.
    unassigned: list[int]
    coherence: dict[int, float] = field(default_factory=dict)


class Preprocessor:
    """Tokenises and stems, remembering which surface form each stem came from, so
    top words can be shown as real words ("cyklar", not "cykl")."""

    def __init__(self):
        self.stemmer = snowballstemmer.stemmer("swedish")
        self.surface: dict[str, Counter] = defaultdict(Counter)
        self._cache: dict[str, str] = {}

    def tokens(self, text: str) -> list[str]:
        result = []
        for word in TOKEN.findall(text.lower()):
            if len(word) < 3 or word in STOP_WORDS:
                continue
            stem = self._cache.get(word)
            if stem is None:
                stem = self._cache[word] = self.stemmer.stemWord(word)
            self.surface[stem][word] += 1
            result.append(stem)
        return result

    def readable(self, stem: str) -> str:
        forms = self.surface.get(stem)
        return forms.most_common(1)[0][0] if forms else stem


def _identity(tokens):
    return tokens


def _umass(binary, top: np.ndarray) -> float:
    """Mean UMass coherence of one theme's top terms (higher is better)."""
    sub = binary[:, top]
    co = (sub.T @ sub).toarray()
    df = np.diag(co)
    score, pairs = 0.0, 0
    for i in range(1, len(top)):
        for j in range(i):
            if df[j]:
                score += math.log((co[i, j] + 1) / df[j])
                pairs += 1
    return score / pairs if pairs else 0.0


def _mean_fit(matrix, weights, components) -> float:
    """Mean cosine between each row and its NMF reconstruction, without building the
    dense reconstruction (rows × vocabulary would not fit in memory)."""
    coo = matrix.tocoo()
    dots = np.zeros(matrix.shape[0])
    np.add.at(
        dots, coo.row, coo.data * np.einsum("ij,ij->i", weights[coo.row], components.T[coo.col])
    )
    row_norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    rec_norms = np.sqrt(np.einsum("ij,ij->i", weights @ (components @ components.T), weights))
    denominator = row_norms * rec_norms
    present = denominator > 0
    return float(np.mean(dots[present] / denominator[present])) if present.any() else 0.0


def _fit(matrix, k: int):
    model = NMF(n_components=k, init="nndsvd", random_state=RANDOM_STATE, max_iter=400)
    # Short answers rarely converge to sklearn's tolerance; the themes are stable well
    # before that, and the iteration cap keeps large dialogues fast.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        weights = model.fit_transform(matrix)
    return model, weights


def choose_k(matrix, k_range: tuple[int, int]) -> tuple[int, dict[int, float]]:
    rows = matrix.shape[0]
    if rows > SELECTION_SAMPLE:
        # Evenly spaced rows, not random ones: deterministic and order-spread.
        matrix = matrix[np.linspace(0, rows - 1, SELECTION_SAMPLE).astype(int)]
    binary = (matrix > 0).astype(np.float64).tocsc()
    low, high = k_range
    high = min(high, matrix.shape[0] - 1, matrix.shape[1] - 1)
    scores: dict[int, float] = {}
    for k in range(low, high + 1):
        model, weights = _fit(matrix, k)
        tops = [np.argsort(row)[::-1][:TOP_WORDS] for row in model.components_]
        coherence = float(np.mean([_umass(binary, top) for top in tops]))
        totals = weights.sum(axis=1)
        present = totals > 0
        dominance = float(np.mean(weights.max(axis=1)[present] / totals[present]))
        fit = _mean_fit(matrix, weights, model.components_)
        scores[k] = coherence + DOMINANCE_WEIGHT * dominance + FIT_WEIGHT * fit
    if not scores:
        return low, scores
    best = max(scores.values())
    return min(k for k, s in scores.items() if s >= best - TIE_MARGIN), scores


def suggest_themes(
    texts: Sequence[str],
    *,
    k: int | None = None,
    k_range: tuple[int, int] = (MIN_THEMES, MAX_THEMES),
    top_words: int = TOP_WORDS,
    progress: Callable[[int], None] | None = None,
) -> AnalysisResult:
    """Suggest themes for ``texts``.

    ``k`` fixes the number of themes (a split uses 2); otherwise it is chosen in
    ``k_range``. ``progress`` is called with 40 after vectorising and 80 after NMF.
    Each text goes to the theme with its highest NMF weight.
    """
    report = progress or (lambda _p: None)
    prep = Preprocessor()
    tokenised = [prep.tokens(text or "") for text in texts]
    usable = [i for i, tokens in enumerate(tokenised) if tokens]
    if len(usable) < 2:
        report(40)
        report(80)
        return AnalysisResult(themes=[], unassigned=list(range(len(texts))))
    # A word in only one answer cannot tie answers together; in small sets keep all.
    min_df = 2 if len(usable) >= 20 else 1
    vectoriser = TfidfVectorizer(
        analyzer=_identity,
        min_df=min_df,
        max_df=0.9 if len(usable) >= 20 else 1.0,
        sublinear_tf=True,
    )
    try:
        matrix = vectoriser.fit_transform([tokenised[i] for i in usable])
    except ValueError:  # nothing left after min_df/max_df
        report(40)
        report(80)
        return AnalysisResult(themes=[], unassigned=list(range(len(texts))))
    report(40)
    vocabulary = vectoriser.get_feature_names_out()
    scores: dict[int, float] = {}
    if k is None:
        k, scores = choose_k(matrix, k_range)
    k = max(1, min(k, matrix.shape[0], matrix.shape[1]))
    model, weights = _fit(matrix, k)
    report(80)

    themes = [
        SuggestedTheme(
            top_words=[
                prep.readable(vocabulary[i])
                for i in np.argsort(row)[::-1][:top_words]
                if row[i] > 0
            ]
        )
        for row in model.components_
    ]
    unassigned = [i for i, tokens in enumerate(tokenised) if not tokens]
    best = weights.argmax(axis=1)
    for row, index in enumerate(usable):
        weight = float(weights[row, best[row]])
        if weight <= 0:
            unassigned.append(index)
        else:
            themes[best[row]].members.append((index, weight))
    for theme in themes:
        theme.members.sort(key=lambda member: (-member[1], member[0]))
    # Largest first, and no empty themes: they would only confuse.
    themes = sorted((t for t in themes if t.members), key=lambda t: -t.size)
    return AnalysisResult(themes=themes, unassigned=sorted(unassigned), coherence=scores)


def default_name(top: Sequence[str]) -> str:
    """A first name for a suggested theme: its three strongest words."""
    return ", ".join(top[:3]).capitalize() if top else ""
