"""Question structure, found by structure as well as by '?': which sentences are questions, whether
each is open, closed or leading, where its clause starts, and the further question heads in it.

Every question sentence gets exactly one of open/closed/leading. Speech transcripts often lack
question marks, so subject-auxiliary inversion and wh-openers count on their own. The Context
reads every sentence through `analyse_sentence` once, when it is built; detectors read the result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .lexicons import word_set
from .syntax import is_echo
from .words import NEGATIONS, SECOND_PERSON, SUBJECT_PRONOUNS

if TYPE_CHECKING:
    from .tokens import Tok

    from .context import Context, Sentence


def _set(s: Sentence, **fields: Any) -> None:
    """Fill in a sentence's question reading while the Context is built (Sentence is frozen after)."""
    for name, value in fields.items():
        object.__setattr__(s, name, value)


WH = word_set("questions.wh")
# Wh-words that ask for one fact. "Where" is not among them: "where do screens add something for
# your kids?" asks for a reading (the labelling conventions list how many/long/often, which, who
# and when); "where did you put it?" is caught as a fact about a place below.
CLOSED_WH = word_set("questions.closed_wh")
BE_FORMS = word_set("questions.be_forms")
STANCE_FRAMES = word_set("questions.stance_frames")
PLACE_VERBS = word_set("questions.place_verbs")
HOW_CLOSED = word_set("questions.how_closed")
# "what time/day..." asks for one fact.
WHAT_FACT_NOUNS = word_set("questions.what_fact_nouns")
AUX_Q = word_set("questions.aux_q")
# Indirect requests: "could you tell me", "can you say more": open, not yes/no.
REQUEST_VERBS = word_set("questions.request_verbs")
TAG_WORDS = word_set("questions.tag_words")
CLAUSE_BREAKS = word_set("questions.clause_breaks")
CONJ_BREAKS = word_set("questions.conj_breaks")
# An advice frame right after these is embedded ("what you need to do"), not said to the teacher.
ADVICE_EMBEDDERS = word_set("questions.advice_embedders")


def _tok(utt: Context, i: int, end: int) -> Tok | None:
    return utt.doc[i] if i < end else None


def _is_subject(utt: Context, i: int, end: int) -> bool:
    """Could token i start the subject of an inverted clause ('did *you*', 'is *the group*')?"""
    tok = _tok(utt, i, end)
    if tok is None or tok.is_punct:
        return False
    low = tok.lower_
    if low in SUBJECT_PRONOUNS:
        return True
    if tok.tag_ in ("DT", "PRP$", "CD") or tok.pos_ in ("DET", "PROPN", "NUM"):
        return True
    if not tok.tag_ and tok.is_alpha:  # an unknown word: most likely a noun or a name
        return True
    return tok.tag_ in ("NN", "NNS", "NNP")


Reading = tuple[int, str, str, bool]
#: (strength, qtype, rule, why) of a clause that is no question head
NO_QUESTION: Reading = (0, "", "", False)


def _classify(utt: Context, s: Sentence, i: int, end: int) -> Reading:
    """Classify a clause starting at token i. Returns (strength 0-2, qtype, rule, why).

    strength 2: a clear question head; 1: weak (an embedded wh-clause, only with '?'); 0: none.
    """
    tok = _tok(utt, i, end)
    if tok is None or utt.in_quote(tok.idx, tok.idx + len(tok.text)):
        return NO_QUESTION
    low = tok.lower_
    nxt = _tok(utt, i + 1, end)
    nlow = nxt.lower_ if nxt is not None else ""
    if utt.low[i : i + 2] in (["any", "idea"], ["any", "ideas"], ["any", "sense"]) and i + 2 < end \
            and utt.low[i + 2] in WH | {"if", "whether"}:
        # "any idea how many have an instrument at home": a question preamble, typed by what follows
        if utt.low[i + 2] in ("if", "whether"):
            return 2, "closed", "Q-YESNO", False
        strength, qtype, rule, why = _classify(utt, s, i + 2, end)
        return (2, qtype or "closed", rule or "Q-WH", why) if strength else (2, "closed", "Q-YESNO", False)
    if low in ("in", "to", "for", "at", "with", "from", "by", "on", "under") and nlow in WH and i == s.start:
        return _classify(utt, s, i + 1, end)  # "In what way did it help?": a wh-phrase after its preposition
    framed = _framed(utt, i, end, low)
    if framed is not None:
        return framed
    # "I wonder what/if...", "I'm (just) curious about/whether...", "(So,) wondering what..."
    if (low == "i" and nxt is not None) or low in ("wondering", "curious"):
        return _wondering(utt, i, end, low, nlow)
    if low in WH or (low == "how" and nlow == "come"):
        return _wh_question(utt, s, i, end, low, nxt, nlow)
    if low in AUX_Q and low not in ("'s", "'re"):
        return _inverted_question(utt, s, i, end, low, nlow)
    return NO_QUESTION


def _framed(utt: Context, i: int, end: int, low: str) -> Reading | None:
    """A leading frame ("have you tried", "why don't you") or an elicitation ("tell me") at token i."""
    lead = utt.signal_at("LEADING", i)
    if lead is not None and lead.end - lead.start == 2 and utt.low[lead.start:lead.end] == ["why", "not"]:
        # "Why not start tomorrow?" suggests; "Why not a nine?" asks for reasons.
        nxt_i = lead.end
        if not (nxt_i < end and utt.grammar.lemmas.get(utt.low[nxt_i]) == utt.low[nxt_i]):
            lead = None
    if lead is not None and lead.id_ in ("LEA-006", "LEA-007") and not _suggestion_follows(utt, lead.end, end):
        lead = None  # "What if you're right?", "What about the others?": a question, not a plan
    if lead is not None:
        # "Why don't you tell me more about it?" is a request to elaborate, not a suggestion.
        if any(utt.signal_at("ELICIT", j) for j in range(lead.end - 1, min(end, lead.end + 2))):
            return 2, "open", "Q-INDIRECT", False
        return 2, "leading", lead.id_, low == "why"
    elicit = utt.signal_at("ELICIT", i)
    if elicit is not None:
        return 2, "open", elicit.id_, False
    return None


def _wondering(utt: Context, i: int, end: int, low: str, nlow: str) -> Reading:
    """'I wonder what...', 'I'm curious whether...': an indirect question (open, or yes/no after if)."""
    doc = utt.doc
    j = i + 1 if low == "i" else i
    if low == "i" and nlow in ("'m", "am", "was"):
        j += 1
    while j < end and utt.low[j] in WONDER_HEDGES:
        j += 1
    word = utt.low[j] if j < end else ""
    if word in ("wonder", "wondering", "wondered", "curious"):
        k = j + 1
        if k < end and doc[k].lower_ in ("about", "how", "what", "why", "where", "when", "who", "which"):
            return 2, "open", "Q-INDIRECT", False
        if k < end and doc[k].lower_ in ("if", "whether"):
            # "I wonder if you could tell me..." is an open request.
            rest = {utt.lemma(t) for t in doc[k + 1 : min(end, k + 10)]}
            if rest & REQUEST_VERBS and {"could", "can", "would", "might"} & rest and "you" in rest:
                return 2, "open", "Q-INDIRECT", False
            return 2, "closed", "Q-INDIRECT", False
    return 0, "", "", False


def _wh_question(utt: Context, s: Sentence, i: int, end: int, low: str, nxt: Tok | None, nlow: str) -> Reading:
    """A clause headed by a wh-word: open, or closed when it asks for one fact (who, when, how many)."""
    doc = utt.doc
    if low == "why" and nlow in WHY_INTENSIFIERS:
        # "Why on earth...", "why in the world...": the intensifier stands between why and its clause.
        k = i + 1
        while k < end and utt.low[k] in WHY_INTENSIFIERS:
            k += 1
        if k < end and (utt.low[k] in AUX_Q or doc[k].pos_ == "AUX"):
            return 2, "open", "Q-WHY", _about_teacher_action(utt, k, end)
    if low == "how" and nlow == "come":
        # "How come you keep them waiting?" asks her to justify; "How come the fours drift
        # first?" asks for causes.
        return 2, "open", "Q-WHY", "you" in utt.low[i + 2 : min(end, i + 4)]
    if low == "what" and nlow in ("made", "possessed") and i + 2 < end and utt.low[i + 2] == "you":
        # "What made you decide...?" demands a justification of a past choice the way a why-question
        # does (the conventions' one non-why form). Present "What makes you want to know?" asks
        # for her reasons now: a what-question, open, not a why.
        return 2, "open", "Q-WHY", True
    if nxt is None or nxt.is_punct:
        return (2 if s.has_qmark else 0), ("closed" if low in CLOSED_WH else "open"), "Q-WH", low == "why"
    if low in ("when", "whenever", "where", "wherever", "once") and not (nlow in AUX_Q or nxt.pos_ == "AUX") and \
            "," in utt.low[i + 2 : end]:
        # "When you try it Friday, what will tell you...?": an adverbial clause, not the question
        return 0, "", "", False
    if low == "how" and nlow in HOW_CLOSED:
        return 2, "closed", "Q-HOW-MANY", False
    if nlow in ("about", "else", "if", "exactly", "specifically", "kinds", "sorts", "ways", "things", "other"):
        return 2, ("closed" if low in CLOSED_WH else "open"), "Q-WH", False
    if low == "what" and (_pseudo_cleft(utt, i, end) and not (s.has_qmark and _embedded_copula(utt, i, end))
                          or _free_relative(utt, s, i, end)):
        return 0, "", "", False
    if nlow in AUX_Q or nxt.pos_ == "AUX" or nlow in ("'d", "'ll", "'ve"):
        why = low == "why" and _about_teacher_action(utt, i + 1, end)
        if low == "what" and _superlative_fact(utt, i + 2, end):
            return 2, "closed", "Q-WH-FACT", False
        place = low == "where" and bool(set(utt.low[i + 1 : i + 5]) & PLACE_VERBS) and not any(
            w.endswith("ing") for w in utt.low[i + 1 : end])
        closed = (low in CLOSED_WH or place) and not _asks_their_thinking(utt, i + 1, end)
        return 2, ("closed" if closed else "open"), "Q-WH", why
    if nxt.pos_ == "VERB" and nxt.tag_ in ("VBD", "VBZ", "VBG"):
        return 2, ("closed" if low in CLOSED_WH else "open"), "Q-WH-SUBJ", False
    if nxt.lower_ in SUBJECT_PRONOUNS and nxt.pos_ == "PRON":
        # "what you said", "how you felt": an embedded clause unless the speaker asks with '?'.
        return 1, ("closed" if low in CLOSED_WH else "open"), "Q-WH-EMBEDDED", low == "why"
    if low == "how" and nxt.pos_ in ("ADJ", "ADV") or (low == "how" and not nxt.tag_):
        if _scaling(utt, s):
            return 2, "closed", "Q-SCALE", False  # "On a scale of 1 to 10, how ready are you?": one number
        return 2, "open", "Q-HOW-SCALE", False
    return _wh_noun_phrase(utt, s, i, end, low, nlow)


def _wh_noun_phrase(utt: Context, s: Sentence, i: int, end: int, low: str, nlow: str) -> Reading:
    """'What kind of support...', 'which one...': a wh-phrase; a verb within reach makes it a question."""
    doc = utt.doc
    # "what kind of support", "which one", "what part of the lesson": find the verb.
    for j in range(i + 1, min(end, i + 9)):
        t = doc[j]
        if t.pos_ in ("AUX", "VERB") or t.tag_ == "MD":
            closed = low in CLOSED_WH or (low == "what" and nlow in WHAT_FACT_NOUNS)
            return 2, ("closed" if closed else "open"), "Q-WH-NOUN", False
        if t.is_punct and not (t.text == "," and j + 1 < end and utt.low[j + 1] in SPEECH_FILLERS):
            break
    return (1 if s.has_qmark else 0), ("closed" if low in CLOSED_WH else "open"), "Q-WH", False


def _inverted_question(utt: Context, s: Sentence, i: int, end: int, low: str, nlow: str) -> Reading:
    """Subject-auxiliary inversion ('Did you...', 'Could you...'): yes/no, leading, a request or open."""
    doc = utt.doc
    # "Can I ask you, what..." / "May I ask": a preamble; the question is what follows.
    if nlow == "i" and i + 2 < end and utt.lemma(doc[i + 2]) == "ask":
        return (1 if s.has_qmark else 0), "closed", "Q-YESNO", False
    j = i + 1
    negated = nlow in NEGATIONS
    if negated:
        j += 1
        if not s.has_qmark and utt.low[j] not in SUBJECT_PRONOUNS if j < end else True:
            return 0, "", "", False  # "Don't quote me on it.": a negative imperative, not a question
    if _is_subject(utt, j, end) and (s.has_qmark or negated or low in BE_FORMS or
                                     _verb_after_subject(utt, j, end)):
        subj = doc[j].lower_
        # indirect request: "could you tell me", "would you be willing to share"
        if subj == "you" and low in ("can", "could", "would", "will", "ca", "wo") and not negated:
            window = [utt.lemma(t) for t in doc[j + 1 : min(end, j + 6)]]
            if window and (window[0] in REQUEST_VERBS or
                           (window[:3] == ["be", "willing", "to"] and len(window) > 3 and window[3] in REQUEST_VERBS)):
                if not (window[0] == "think" and "of" not in window[:2]):
                    return 2, "open", "Q-INDIRECT", False
        if negated and low in ("do", "does", "did", "is", "was", "would", "should", "could", "ca", "are", "were",
                               "have", "wo"):
            return 2, "leading", "Q-NEG", False
        if subj == "you" and low in ("have", "did", "do") and _names_a_strategy(utt, j + 1, end):
            return 2, "leading", "Q-TRIED", False
        if subj == "you" and low in ("have", "'ve") and _suggests_done(utt, j + 1, end):
            return 2, "leading", "Q-TRIED", False
        if subj == "you" and low in ("could", "can", "would", "will", "ca", "wo") and not negated:
            kind = _you_could(utt, j + 1, end)
            if kind == "request":
                return 3, "request", "Q-REQUEST", False  # "Could you email me the rubric?": a request
            if kind == "suggestion":
                return 2, "leading", "Q-COULD", False
        if subj == "it" and low in ("would", "could", "might", "'d") and _it_would_be_better(utt, j + 1, end):
            return 2, "leading", "Q-BETTER", False
        return 2, "closed", "Q-YESNO", False
    return 0, "", "", False


# Words that may stand between "I ('m)" and "wonder/curious": "I'm just kind of wondering", "I maybe wonder".
SPEECH_FILLERS = word_set("questions.speech_fillers")
WHY_INTENSIFIERS = word_set("questions.why_intensifiers")
WONDER_HEDGES = word_set("questions.wonder_hedges")
TRY_VERBS = word_set("questions.try_verbs")
OBJECT_PRONOUNS_Q = word_set("questions.object_pronouns_q")


def _names_a_strategy(utt: Context, k: int, end: int) -> bool:
    """'(have you) tried pairing them up', '(did you) consider a seating chart': the question names
    the strategy it hopes for, so it suggests. 'Have you tried it?' and 'Have you tried anything?'
    ask about what happened."""
    lows = utt.low
    while k < end and lows[k] in ("ever", "already", "just", "maybe", "yet", "also"):
        k += 1
    if k + 1 >= end or lows[k] not in TRY_VERBS:
        return False
    nxt = utt.doc[k + 1]
    return not nxt.is_punct and lows[k + 1] != "to" and lows[k + 1] not in OBJECT_PRONOUNS_Q \
        and lows[k + 1] not in SUBJECT_PRONOUNS


# "Have you shown them the samples?": a perfect of an instructional action the coach has in mind.
SUGGESTIVE_PERFECT = word_set("questions.suggestive_perfect")
BETTER = word_set("questions.better")


def _suggests_done(utt: Context, k: int, end: int) -> bool:
    """'Have you (ever) shown them the samples?' names the step the coach has in mind;
    'Have you talked to anyone?' / 'Have you thought about it?' ask what happened."""
    lows = utt.low
    while k < end and lows[k] in ("ever", "already", "just", "maybe", "also"):
        k += 1
    if k + 1 >= end or lows[k] not in SUGGESTIVE_PERFECT:
        return False
    rest = [w for w in lows[k + 1 : end] if w.isalpha()]
    if not rest or rest[0] in ("anything", "anyone", "anybody", "it", "that", "this", "something", "to"):
        return False
    return len(rest) >= 2 or rest[0] not in OBJECT_PRONOUNS_Q


def _you_could(utt: Context, k: int, end: int) -> str:
    """After 'could/can/would you': 'request' (email me the rubric, say that again), 'suggestion'
    (have them show you their work, try a timer) or '' (a plain question)."""
    lows = utt.low
    while k < end and lows[k] in ("just", "maybe", "perhaps", "please", "also", "possibly"):
        k += 1
    if k >= end:
        return ""
    verb = lows[k]
    nxt = lows[k + 1] if k + 1 < end else ""
    if verb in utt.grammar.words("request_logistics_verbs") and nxt in ("me", "us", "it", "that", "the", "a", "again",
                                                                         "those", "this", "your", "them"):
        return "request"
    if verb == "mind" and nxt.endswith("ing") and lows[k + 1] in utt.grammar.words("request_logistics_verbs") | {
            "forwarding", "sending", "emailing", "saving", "bringing", "sharing", "printing", "dropping"}:
        return "request"
    if verb in ("say", "repeat") and nxt in ("that", "it", "again"):
        return "request"
    if utt.signal_at("ADVICE_VERB", k) is not None and verb not in REQUEST_VERBS and nxt not in ("me", "us", "if"):
        return "suggestion"
    return ""


def _it_would_be_better(utt: Context, k: int, end: int) -> bool:
    """'Would it be worth hearing from them first?', 'Would it be easier to...?': the coach's
    preference put as a question."""
    lows = utt.low
    if k < end and lows[k] == "be":
        k += 1
    while k < end and lows[k] in ("a", "any", "more", "much", "even", "maybe", "just", "so", "really"):
        k += 1
    return k < end and (lows[k] in BETTER or lows[k : k + 2] == ["good", "idea"])


COGNITIVE = word_set("questions.cognitive")


def _asks_their_thinking(utt: Context, i: int, end: int) -> bool:
    """'where do you see yourself', 'when do you think you'll': asks for their thinking, not one fact."""
    window = [utt.lemma(t) for t in utt.doc[i : min(end, i + 5)]]
    return "you" in window and any(w in COGNITIVE for w in window)


COPULAS = word_set("questions.copulas")
WH_PHRASE_NOUNS = word_set("questions.wh_phrase_nouns")
CLAUSE_LINKS = word_set("questions.clause_links")
RESTART_FILLERS = word_set("questions.restart_fillers")


def _pseudo_cleft(utt: Context, i: int, end: int) -> bool:
    """'What's going on is...', 'What the limits are for women is...', 'What happened was...':
    a what-clause that is the subject of a later 'is/was' is a statement (a pseudo-cleft), not a
    question. 'What do you think is...' inverts inside the clause and stays a question, and a
    clause-final copula ('what your goals are') has no complement to be a cleft."""
    doc, lows = utt.doc, utt.low
    if i + 2 < end and lows[i + 1] in AUX_Q and _is_subject(utt, i + 2, end):
        return False
    if i + 1 < end and lows[i + 1] in WH_PHRASE_NOUNS:  # "what kind of work is...": a wh-phrase
        return False
    verb_seen = False
    for k in range(i + 1, min(end, i + 16)):
        tok = doc[k]
        if tok.is_punct or lows[k] in CLAUSE_LINKS:  # the copula must belong to the what-clause
            return False
        if verb_seen and lows[k] in COPULAS and lows[k] != "'s" and k + 1 < end and not doc[k + 1].is_punct:
            # after the what-clause's verb, "'s" is a possessive ("this year's focus") or the copula of a
            # clause inside it ("what would tell you it's working"), never the cleft's copula
            if lows[k] in ("is", "was") and lows[k + 1] in ("it", "there", "he", "she", "they"):
                return False  # "what's late, um, is it the bus...": a second question, not a cleft
            after = k + 2 < end and not doc[k + 2].is_punct
            return after or lows[k + 1] not in SUBJECT_PRONOUNS
        if (tok.pos_ in ("AUX", "VERB") or tok.tag_ == "MD") and doc[k - 1].tag_ not in ("DT", "IN", "PRP$"):
            verb_seen = True
    return False


def _embedded_copula(utt: Context, i: int, end: int) -> bool:
    """'What would show you the new seating is helping?': the copula has a subject of its own (a noun
    right before it, after the what-clause's verb and object), so it belongs to a clause inside the
    question, not to a pseudo-cleft ('What you said is true?' keeps the verb before the copula)."""
    doc, lows = utt.doc, utt.low
    verb_seen = False
    for k in range(i + 1, min(end, i + 16)):
        if lows[k] in COPULAS:
            before = doc[k - 1]
            return verb_seen and k > i + 1 and before.is_alpha and lows[k - 1] not in SUBJECT_PRONOUNS and \
                before.pos_ not in ("AUX", "VERB", "ADV", "ADP", "PART", "PRON") and before.tag_ != "MD"
        if doc[k].pos_ in ("AUX", "VERB") or doc[k].tag_ == "MD":
            verb_seen = True
    return False


def _free_relative(utt: Context, s: Sentence, i: int, end: int) -> bool:
    """'What happens in coaching stays between us': a what-clause whose own finite verb follows
    'what' (it is that clause's subject) and which is itself the subject of a later finite verb is
    a statement (a free relative), not a question, when nothing asks with '?'. A subject pronoun, a
    clause link or a comma before the second verb ('what happens when you try it') leaves it a
    question. Speech that restarts ('what happens um with the groups like when do they...') is
    left a question: a filler breaks the clause, and a verb followed by a subject inverts."""
    doc, lows = utt.doc, utt.low
    if s.has_qmark or i + 2 >= end or doc[i + 1].tag_ not in ("VBZ", "VBD") or doc[i + 1].pos_ != "VERB":
        return False
    for k in range(i + 2, min(end, i + 14)):
        tok = doc[k]
        if tok.is_punct or lows[k] in CLAUSE_LINKS or lows[k] in SUBJECT_PRONOUNS or lows[k] in RESTART_FILLERS:
            return False
        if tok.tag_ in ("VBZ", "VBD", "MD") and doc[k - 1].tag_ not in ("DT", "IN", "PRP$", "MD"):
            return k + 1 < end and lows[k + 1] not in SUBJECT_PRONOUNS
    return False


def _abandoned(utt: Context, head: int, end: int) -> bool:
    """A question head cut off by a dash within three words ('Did you-- That was...', 'Would it--')."""
    for k in range(head + 1, min(end, head + 4)):
        if utt.low[k] in ("-", "--", "—", "–"):
            return True
    return False


def _indirect_opener(utt: Context, i: int, end: int) -> bool:
    """A question without '?' mid-sentence: '... and I wonder what you meant', '..., so tell me more',
    '..., where do you think you fall' (a wh-word followed by subject-auxiliary inversion)."""
    if utt.signal_at("ELICIT", i) is not None:
        return True
    words = utt.low[i : min(end, i + 5)]
    if len(words) >= 2 and words[0] == "i" and ({"wonder", "wondering", "curious"} & set(words[1:])):
        return True
    if len(words) >= 3 and words[0] in WH and words[1] in AUX_Q and words[2] in SUBJECT_PRONOUNS \
            and words[2] != "that":
        return True
    # "..., how confident are you that..."
    return (len(words) >= 4 and words[0] == "how" and utt.doc[i + 1].pos_ in ("ADJ", "ADV", "")
            and words[2] in AUX_Q and words[3] in SUBJECT_PRONOUNS)


NP_STARTS = word_set("questions.np_starts")


def _about_teacher_action(utt: Context, i: int, end: int) -> bool:
    """'why did you', 'why didn't you', 'why would you', 'why are you': about the teacher's action."""
    doc = utt.doc
    lows = utt.low
    window = [t.lower_ for t in doc[i : min(end, i + 3)]]
    if "you" not in window:
        # "Why does a real role matter so much to you?": about her values, so about her too.
        rest = lows[i:end]
        return any(rest[k : k + 2] in (["to", "you"], ["for", "you"]) for k in range(len(rest) - 1))
    # "Why do you think the group stalled?" asks for their reading of someone else's behaviour,
    # not for a defence of their own action.
    if lows[i : i + 3] in (["do", "you", "think"], ["do", "you", "suppose"], ["do", "you", "believe"],
                           ["do", "you", "feel"], ["do", "you", "guess"]):
        k = i + 3
        if k < end and lows[k] == "that":
            k += 1
        if k < end and lows[k] not in ("you", "i", "we") and (lows[k] in SUBJECT_PRONOUNS or lows[k] in NP_STARTS) \
                and not SECOND_PERSON.intersection(lows[k:end]):  # "...it makes you hesitant": about them
            return False
    return True


def _superlative_fact(utt: Context, i: int, end: int) -> bool:
    """'what's the longest/first/most...': asks for one fact ('what's the first question you'd
    want to ask?' asks for her choice instead)."""
    doc = utt.doc
    text = " ".join(utt.low[i:end])
    if any(c in text for c in ("you 'd", "you would", "you want", "you 'd like", "you think", "you 'll")):
        return False
    if i < end and doc[i].lower_ == "the" and i + 1 < end:
        word = doc[i + 1].lower_
        return word in ("first", "last", "most", "least", "longest", "shortest", "biggest", "best", "worst",
                        "main", "only", "name", "number", "date")
    return False


def _clause_starts(utt: Context, s: Sentence) -> list[int]:
    """Candidate clause starts: the sentence start and after each comma/dash/colon (and a conjunction)."""
    lows = utt.low  # punctuation is its own lowercase, so the lowercase list serves for both tests
    span = s.span
    starts = [s.start]
    for i in range(span.start, span.end):
        low = lows[i]
        if low in CLAUSE_BREAKS:
            if i + 1 < span.end:
                starts.append(utt.content_start(i + 1, span.end))
        elif low in CONJ_BREAKS and i > span.start and lows[i - 1] not in CLAUSE_BREAKS:
            starts.append(utt.content_start(i + 1, span.end))
    out: list[int] = []
    for st in starts:
        if st < span.end and st not in out:
            out.append(st)
    return out


def _elaboration_fragment(utt: Context, s: Sentence) -> bool:
    """'In what way?', 'To what extent?', 'Meaning what?', 'Like what?': a wh-fragment that asks her
    to say more (an open question), not a statement with a rising voice."""
    words = [w for w in utt.low[s.start : s.span.end] if w[:1].isalnum()]
    if len(words) < 2 or len(words) > 5:
        return False
    if words[0] in ("in", "to", "for") and words[1] == "what" and len(words) >= 3 and \
            words[2] in ("way", "ways", "sense", "respect", "extent", "reason", "reasons"):
        return True
    return len(words) == 2 and words[1] == "what" and words[0] in ("meaning", "like", "saying", "because")


def _tag_question(utt: Context, s: Sentence) -> bool:
    """'..., right?', '..., isn't it?', '..., don't you?'"""
    toks = [t for t in s.span if not t.is_space]
    if not s.has_qmark or len(toks) < 3:
        return False
    body = toks[:-1]  # drop '?'
    if len(body) >= 2 and body[-1].lower_ in TAG_WORDS and body[-2].text == ",":
        return True
    if len(body) >= 2 and (body[-2].lower_, body[-1].lower_) == ("you", "know") and len(body) > 3:
        return body[-3].text == ","
    # ", isn't it?" / ", don't you?" / ", did it?"
    if len(body) >= 4 and body[-1].lower_ in SUBJECT_PRONOUNS and body[-2].lower_ in NEGATIONS | AUX_Q:
        k = -3 if body[-2].lower_ in NEGATIONS else -2
        if body[k].lower_ in AUX_Q and body[k - 1].text == ",":
            return True
    return False


def analyse_sentence(utt: Context, s: Sentence) -> None:
    """Decide whether a sentence is a question, of which type, and where its clause starts."""
    span = s.span
    tail = utt.low[max(span.start, span.end - 3) : span.end]
    has_qmark = any(w.endswith("?") for w in tail) and any(
        (t.text.endswith("?")) and not utt.in_quote(t.idx, t.idx + len(t.text)) for t in span[-3:])
    _set(s, has_qmark=has_qmark)
    if has_qmark and _stance_frame(utt, s):
        return
    best, heads, request = _question_heads(utt, s)
    if request and best is None:
        return
    if best is not None and not s.has_qmark and _abandoned(utt, best[4], span.end):
        # "Did you-- That was the week of the fire drill.": the question was dropped mid-way.
        best = None
    _read_heads(utt, s, best, heads)
    _second_look(utt, s)


def _stance_frame(utt: Context, s: Sentence) -> bool:
    """'Honestly? I'd cut the second text.': a stance adverb alone with a rising '?' announces the
    coach's candid view that follows; it asks nothing. Alone as the whole turn it may be a real
    check, so only a sentence with more of the turn after it is a frame."""
    words = [w for w in utt.low[s.span.start : s.span.end] if w[:1].isalpha()]
    return len(words) == 1 and words[0] in STANCE_FRAMES and \
        any(w[:1].isalpha() for w in utt.low[s.span.end : len(utt.doc)])


#: (strength, qtype, rule, why, clause start) of a sentence's strongest question head
Head = tuple[int, str, str, bool, int]


def _question_heads(utt: Context, s: Sentence) -> tuple[Head | None, list[int], bool]:
    """The strongest question head among the sentence's clauses, the starts of further question
    heads (stacking), and whether a clause was a request for an object or a repeat."""
    span = s.span
    best: Head | None = None
    heads: list[int] = []
    # Without a question mark only the sentence's own opening can make it a question: a wh-word or
    # an auxiliary deep inside a statement ("..., which most people call denial") is not one.
    starts = _clause_starts(utt, s) if s.has_qmark else [s.start] + [
        st for st in _clause_starts(utt, s)[1:] if _indirect_opener(utt, st, span.end)]
    request = False
    for st in starts:
        strength, qtype, rule, why = _classify(utt, s, st, span.end)
        if qtype == "request":
            request = True  # "Could you send me the survey?": logistics, not a question about content
            continue
        if strength == 0:
            continue
        if best is None or strength > best[0]:
            if best is not None and best[0] == 2:
                heads.append(st)
                continue
            best = (strength, qtype, rule, why, st)
        elif strength == 2 and best[0] == 2:
            prev_tok = utt.doc[st - 1] if st - 1 >= span.start else None
            # A false start: "Is it-- Why'd she leave?" asks one question, the second.
            dashed = any(utt.low[k] in ("-", "--", "—", "–") for k in range(max(span.start, st - 3), st))
            if prev_tok is not None and dashed and st - best[4] <= 5:
                best = (strength, qtype, rule, why, st)
                continue
            # "Was it the timing, or was it the group?" is one alternative question, not two.
            if not (prev_tok is not None and prev_tok.lower_ == "or"):
                if qtype != "closed" or utt.doc[st].lower_ not in AUX_Q:
                    heads.append(st)
    return best, heads, request


def _read_heads(utt: Context, s: Sentence, best: Head | None, heads: list[int]) -> None:
    """Question or not, its type and start, from the heads found (or from the '?' alone)."""
    span = s.span
    if best is not None and best[0] == 1 and utt.signal_at("REFLECTION", best[4]) is not None:
        # "So what you're saying is the week got away from you?": a paraphrase checked aloud.
        _set(s, reflective=True)
    elif best is not None and (best[0] == 2 or s.has_qmark):
        strength, qtype, rule, why, st = best
        if strength == 1 and _tag_question(utt, s):
            qtype, rule = "closed", "Q-TAG"
        _set(s, is_question=True, qtype=qtype, qrule=rule, why=why, qstart=st)
        _set(s, heads=[h for h in heads if h > st])
    elif s.has_qmark and is_backchannel_question(utt, s):
        # "Okay?", "Mm?" on their own: a check-in, not a question.
        pass
    elif s.has_qmark and all(t.lower_ in TAG_WORDS for t in s.span if utt.is_word(t)):
        # "Right?", "Yeah?", "Correct?" after a statement of the coach's asks for confirmation of it:
        # a closed question. Said as the whole turn it is a continuer ("go on"), and followed by
        # more talk it waits for no answer: neither is a question.
        after_statement = any(utt.is_word(t) for t in utt.doc[: s.span.start])
        last = not any(utt.is_word(t) for t in utt.doc[s.span.end :])
        if after_statement and last:
            first = next((t.i for t in s.span if utt.is_word(t)), s.span.start)
            _set(s, is_question=True, qtype="closed", qrule="Q-CHECK", qstart=first)
    elif s.has_qmark and _so_summary(utt, s):
        # "So, the bell schedule gets in the way of the labs you want to run?": a so-prefaced summary
        # of the teacher's situation with rising intonation is a reflection (MITI), not a question;
        # "So you tried it already?" asks the teacher to confirm and stays a question.
        _set(s, reflective=True)
    elif s.has_qmark and is_echo(utt, s.start, span.end) and len([t for t in s.span if utt.is_word(t)]) <= 4:
        # "Friends?" after "My friends didn't...": her word said back with a rising voice is a
        # reflection, not a question (the labelling conventions).
        _set(s, reflective=True)
    elif s.has_qmark:
        # A statement with rising intonation: a closed question, and, when it gives back the
        # teacher's words, a reflection too (MITI codes the two independently).
        _set(s, reflective=_reflective_declarative(utt, s))
        _set(s, is_question=True)
        _set(s, qstart=s.start if s.start < span.end else span.start)
        if _tag_question(utt, s):
            _set(s, qtype="closed", qrule="Q-TAG")
        elif _elaboration_fragment(utt, s):
            _set(s, qtype="open", qrule="Q-WH-FRAGMENT", reflective=False)
        else:
            _set(s, qtype="closed", qrule="Q-DECL")


def _second_look(utt: Context, s: Sentence) -> None:
    """What the rest of the sentence says about its question: hedges that only carry a '?', a tag
    or a yes-but that makes a closed question leading, advice inside it."""
    span = s.span
    if s.is_question and s.qrule in ("Q-DECL", "Q-CHECK") and (
            len({h.start for h in utt.signals_in("HEDGE", s)}) >= 3 or _hedge_only(utt, s) or
            (s.index > 0 and s.start < span.end and utt.low[s.start] == "if")):
        # "maybe it, I don't know, possibly applies to quizzes too? I think?": the '?' carries the
        # hedging, not a question (the labelling conventions); "..., if that's okay?" is a tag.
        _set(s, is_question=False)
        _set(s, reflective=False)
        return
    if s.reflective and not s.is_question and len({h.start for h in utt.signals_in("HEDGE", s)}) >= 3:
        _set(s, reflective=False)  # the '?' of an over-hedged statement carries hedging, not a check
    if s.is_question and s.qrule == "Q-TAG" and _suggests_done_tag(utt, s):
        _set(s, qtype="leading", qrule="Q-TAG")  # "You've thought about podcasts instead, right?"
    if s.is_question and s.qtype == "closed" and _after_yes_but(utt, s):
        # "Sure, but does it have to be every day?": the acknowledgement, then an argument put as a
        # question.
        _set(s, qtype="leading", qrule="Q-YESBUT")
    if s.is_question and s.qtype == "closed" and any(
            a.start > s.span.start and utt.low[a.start - 1] not in ADVICE_EMBEDDERS and
            utt.low[a.start - 1] not in ("on", "about", "of", "for", "with", "at", "to", "in")
            and a.id_ != "ADV-016"  # "Do you need a hand?" asks what she needs: no course of action in it
            for a in utt.signals_in("ADVICE", s)):
        # "Should you maybe call home first?" leads; "You're thinking about what you need to cut?" does not.
        _set(s, qtype="leading", qrule="Q-ADVICE")
    if (s.is_question and s.qtype == "open" and s.qstart + 1 < span.end
            and utt.low[s.qstart + 1] in ("about", "if") and utt.signals_in("ADVICE", s)):
        # "What about, maybe, you could move the quiz to Friday?": a suggestion offered as a question.
        _set(s, qtype="leading", qrule="Q-SUGGEST")
    if s.is_question and s.qrule == "Q-TAG" and (utt.signals_in("JUDGMENT", s) or utt.signals_in("ADVICE", s)):
        _set(s, qtype="leading")


NOT_A_PLAN = word_set("questions.not_a_plan")


def _suggestion_follows(utt: Context, k: int, end: int) -> bool:
    """After 'what if you/we': an action ('paired', 'moved'), not a state or a wish; after 'what/how
    about': an -ing verb ('letting them pick'), not a noun ('the others')."""
    lows = utt.low
    while k < end and lows[k] in ("just", "maybe", "also", "all", "instead"):
        k += 1
    if k >= end:
        return False
    if lows[k - 1] == "about" or (k >= 2 and lows[k - 2] == "about"):
        if lows[k] in ("you", "we", "if") and k + 1 < end:
            return True  # "How about you let them struggle first?", "how about we sketch it?"
        return lows[k].endswith("ing") and len(lows[k]) > 4 and lows[k] not in ("thing", "something", "anything",
                                                                                "everything", "nothing", "morning")
    return lows[k] not in NOT_A_PLAN and lows[k][:1].isalpha()


def _scaling(utt: Context, s: Sentence) -> bool:
    text = " ".join(utt.low[s.span.start : s.span.end])
    return "scale" in text or any(r in text for r in ("1 to 10", "one to ten", "zero to ten", "0 to 10", "out of 10",
                                                      "out of ten", "1 and 10", "one and ten"))


def _verb_after_subject(utt: Context, j: int, end: int) -> bool:
    """Without '?', 'Did the warm-up work' inverts (a verb follows the subject); 'Have a seat' and
    'Do the reading first' instruct."""
    for k in range(j + 1, min(end, j + 6)):
        t = utt.doc[k]
        if t.pos_ in ("VERB", "AUX") or t.tag_ in ("VB", "VBN", "VBG", "VBD", "MD") or utt.low[k] in ("okay", "ok",
                                                                                                      "alright"):
            return True
    return False


def _suggests_done_tag(utt: Context, s: Sentence) -> bool:
    lows = utt.low[s.start : s.span.end]
    if "instead" in lows:
        return True
    for k in range(len(lows) - 2):
        if lows[k] == "you" and lows[k + 1] in ("'ve", "have") and lows[k + 2] in SUGGESTIVE_PERFECT:
            return True
    return False


def _hedge_only(utt: Context, s: Sentence) -> bool:
    """'Maybe?', 'Kind of?', 'I think?', 'Possibly?': nothing but a hedge."""
    words = [t.lower_ for t in s.span if utt.is_word(t)]
    hedges = {w for h in utt.signals_in("HEDGE", s) for w in utt.low[h.start : h.end]} | {"i", "think", "guess",
                                                                                           "don't", "do", "n't", "know"}
    return 0 < len(words) <= 3 and all(w in hedges or w in ("or", "something", "so") for w in words)


def _after_yes_but(utt: Context, s: Sentence) -> bool:
    lead = utt.low[s.span.start : s.start]
    if "but" not in lead and "though" not in lead:
        return False
    return any(a.start <= s.span.start and a.start <= 2 for a in utt.signals_in("ACK"))


def _so_summary(utt: Context, s: Sentence) -> bool:
    lead = utt.low[s.span.start : s.start]
    if "so" not in lead or s.start >= s.span.end:
        return False
    return utt.low[s.start] not in SECOND_PERSON and utt.low[s.start] not in ("it", "that", "this", "there")



def _reflective_declarative(utt: Context, s: Sentence) -> bool:
    """A statement with rising intonation that gives back the teacher's words: MITI codes it as a
    reflection ('So you'd really like the labs to run on time?'), not a question."""
    doc = utt.doc
    first = next((t for t in s.span if utt.is_word(t)), None)
    if first is None:
        return False
    if utt.signals_in("REFLECTION", s):
        return True
    lead = [t.lower_ for t in doc[s.span.start : s.start]]
    if "so" in lead or first.lower_ in ("so", "and"):
        return True
    if utt.prev_doc is not None:
        words = {t.lower_ for t in s.span}
        if words & {"you", "your", "you're", "yourself", "she", "he", "they", "it"}:
            return True
    return False


def is_backchannel_question(utt: Context, s: Sentence) -> bool:
    """'Okay?', 'Mm?', 'You know?': a check-in, not a question ('Right?' and 'Yeah?' do ask for
    confirmation: closed questions, though not worth counting for stacking)."""
    words = [t for t in s.span if utt.is_word(t)]
    return len(words) <= 2 and all(t.lower_ in BACKCHANNEL_CHECKS for t in words)


BACKCHANNEL_CHECKS = word_set("questions.backchannel_checks")


