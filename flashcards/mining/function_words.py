"""English function words and other words never worth a card: pronouns, determiners,
prepositions, conjunctions, auxiliaries, contractions' parts, fillers of speech."""

from __future__ import annotations

__all__ = ["DEGREE_ADVERBS", "FUNCTION_WORDS", "NUMBER_WORDS"]

_WORDS = """
    a about above across after afterwards again against ago ah all almost alone along already
    also although always am among amongst an and another any anybody anyhow anyone anything
    anyway anyways anywhere are aren around as at aw away
    be became because become becomes becoming been before beforehand behind being below beside
    besides between beyond both but by
    can cannot cant cetera could couldn
    d did didn do does doesn doing don done down during
    each eh either else elsewhere enough er erm etc even ever every everybody everyone
    everything everywhere except
    few for former formerly from further furthermore
    gonna gotta
    had hadn has hasn have haven having he hence her here hereafter hereby herein hers herself
    hey hi him himself his hmm how however huh
    i ie if in indeed inside instead into is isn it its itself
    just
    ll latter latterly least less let like
    m ma may maybe me meanwhile might mightn mine more moreover most mostly much must mustn my
    myself
    namely neither never nevertheless next no nobody none nor not nothing now nowhere
    o of off oh ok okay on once one ones only onto or other others otherwise ought our ours
    ourselves out over own
    per perhaps please
    quite
    rather re
    s same shall shan she should shouldn since so some somebody somehow someone something
    sometime sometimes somewhat somewhere such
    t than that the their theirs them themselves then thence there thereafter thereby therefore
    therein thereupon these they this those though through throughout thru thus to together
    too toward towards
    uh um umm under unless until up upon us
    ve very via
    wanna was wasn we well were weren what whatever when whence whenever where whereafter
    whereas whereby wherein whereupon wherever whether which while whither who whoever whole
    whom whose why will with within without won would wouldn
    y yeah yep yes yet you your yours yourself yourselves
"""

FUNCTION_WORDS: frozenset[str] = frozenset(_WORDS.split())

#: The words of numbers written out, cardinal and ordinal: a number, not a word to learn
#: ("nineteen", "the fifteenth century"), and so is a hyphenated compound of nothing else.
_NUMBERS = """
    zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy
    eighty ninety hundred thousand million billion first second third fourth fifth sixth
    seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth
    seventeenth eighteenth nineteenth twentieth thirtieth fortieth fiftieth sixtieth
    seventieth eightieth ninetieth hundredth thousandth millionth billionth
"""
NUMBER_WORDS: frozenset[str] = frozenset(_NUMBERS.split())

#: Degree adverbs: put before an adjective or adverb, they grade it, and mark the word a
#: sentence stresses ("very intimidating", "fully autonomous", "more vibrant").
_DEGREE = """
    very really so too quite fully extremely incredibly super pretty rather completely
    totally highly deeply truly utterly absolutely particularly especially slightly fairly
    remarkably terribly awfully more most less least
"""
DEGREE_ADVERBS: frozenset[str] = frozenset(_DEGREE.split())
