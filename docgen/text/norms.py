"""Taiwan's official writing norms as pure text functions: find spans, propose replacements.

Each check takes a paragraph's text and returns `Hit`s (where, what is there, what belongs
there). The four rules (tw-standard-form, simplified-char, halfwidth-punct, quote-style)
group them into findings; `docgen fix` writes the proposed replacements, and nothing else.

Sources: 教育部《常用國字標準字體表》 (臺 is the standard form, 台 a variant), the Executive
Yuan's 文書處理手冊 (臺 throughout), 教育部《重訂標點符號手冊》 (full-width marks in Chinese
text, 「」 and 『』 as quotation marks), 行政院「公文書橫式書寫數字使用原則」 (Arabic numerals
for figures, dates, times and codes — so 3.5, 2,000 and 09:00 keep their half-width marks).

OpenCC (the `opencc` package) supplies the Simplified/Traditional data. It costs about
30 ms to load, so it is loaded only when a paragraph holds a character that can be
simplified or non-standard at all (`_candidate`: outside Big5, the encoding of the MoE's
standard lists, or one of the few simplified characters Big5 also holds); a correct
Traditional text never loads it.
"""

from __future__ import annotations

from collections import namedtuple
import functools
import os
import re
from typing import Iterable, Optional


class Hit(namedtuple("Hit", "start end old new")):
    """text[start:end] (== old) should read `new` (None: a checker's hit whose form only the
    phrase decides — simplified-char's, found out by `docgen fix`). A named tuple: immutable,
    compared and printed like the frozen dataclass it was, at a quarter of the cost to define."""

    __slots__ = ()

    # fields:
    #   start: int
    #   end: int
    #   old: str
    #   new: Optional[str]


def apply(text: str, hits: Iterable[Hit]) -> str:
    """The text with every hit's replacement (hits must not overlap)."""
    out, pos = [], 0
    for h in sorted(hits, key=lambda h: h.start):
        out.append(text[pos:h.start])
        out.append(h.old if h.new is None else h.new)
        pos = h.end
    out.append(text[pos:])
    return "".join(out)


def context(text: str, h: Hit, width: int = 6) -> str:
    """A few characters around a hit, for a finding's excerpt."""
    a = max(0, h.start - width)
    b = min(len(text), h.end + width)
    return ("…" if a else "") + text[a:b].strip() + ("…" if b < len(text) else "")


# -- character classes --------------------------------------------------------------------
def is_han(ch: str) -> bool:
    cp = ord(ch)
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF
            or 0x20000 <= cp <= 0x3FFFF)


def is_kana(ch: str) -> bool:
    return 0x3040 <= ord(ch) <= 0x30FF or 0x31F0 <= ord(ch) <= 0x31FF


def is_cjk(ch: str) -> bool:
    """Han, kana, and the full-width marks of CJK text (。，、「」…)."""
    cp = ord(ch)
    return is_han(ch) or is_kana(ch) or 0x3000 < cp <= 0x303F or 0xFF01 <= cp <= 0xFF60 or ch == "…"


def has_han(text: str) -> bool:
    return any(is_han(ch) for ch in text)


# URLs and e-mail addresses keep their marks (? : ; ! , ( ) are part of them).
# The larger patterns here are kept as text and compiled on first use (re caches them):
# compiling them all costs ~3 ms at every start, and most paragraphs never need them.
# case-insensitive only where a letter's case is not already in the set: IGNORECASE on the whole
# pattern costs ~1 ms to compile, at the first text holding "." or "@"
_PROTECTED = (
    r"(?i:https?://|ftp://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+"
    r"|[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"
    r"|\b[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.(?i:tw|com|org|net|gov|edu)(?:/[A-Za-z0-9\-._~/?#=&%]*)?")


def _protected(text: str) -> list[tuple[int, int]]:
    """URL and e-mail spans; a mark that ends a URL (…gov.tw/, 或…) is the sentence's."""
    if "." not in text and "@" not in text:
        return []
    spans = []
    for m in re.finditer(_PROTECTED, text):
        end = m.end()
        while end > m.start() and text[end - 1] in ",.;:!?)'":
            end -= 1
        spans.append((m.start(), end))
    return spans


def _inside(i: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= i < b for a, b in spans)


# -- tw-standard-form: 台 → 臺 -------------------------------------------------------------
# words of official place and agency names (and of Taiwan itself) where the MoE standard
# form is 臺; 台 elsewhere (櫃台, 舞台, 台端, 兄台) is not this rule's business
TAI_WORDS = ("台灣", "台北", "台中", "台南", "台東", "台西", "台澎", "台閩", "台幣", "台語", "台商",
             "台胞", "台鐵", "台港", "台美", "台日", "台海", "台大", "全台", "來台", "返台", "駐台",
             "訪台", "抵台", "赴台", "旅台", "離台", "在台", "新台幣", "台江", "台灣省")
# 台 as the second character of these is a stage, a counter, a desk: never a place
_NOT_PLACE = ("舞台", "平台", "櫃台", "講台", "月台", "電台", "後台", "前台", "陽台", "吧台", "兄台",
              "天台", "燭台", "砲台", "炮台", "看台", "站台", "登台", "上台", "下台", "出台", "倒台",
              "垮台", "戲台", "擂台", "窗台", "灶台", "塔台", "樓台", "高台", "鏡台", "檯台", "服務台",
              "工作台", "控制台", "主席台", "司令台", "頒獎台", "觀景台", "瞭望台")
# registered proper names written with 台 (a company in 團隊成員 keeps its own name);
# `tw_standard_exceptions` in the config adds more
DEFAULT_EXCEPTIONS = ("台灣大哥大", "台積電", "台灣積體電路", "台塑", "台灣塑膠", "台達電", "台新",
                      "台灣中油", "台灣電力", "台電", "台灣高鐵", "台灣高速鐵路", "台灣之星",
                      "台灣自來水", "台灣大車隊", "台灣微軟", "台灣諾基亞", "台灣國際造船")
# a company's registered name from the 台 word on: a run of Han, Latin and digits (at most 14)
# up to 有限公司, with no conjunction or 政府 in it (台南市政府與台灣好物有限公司: only 台灣 is
# the name). Read by hand, as the words below: a regex with the Han range costs ~1.3 ms to
# compile, at the first 台 of every check.
_COMPANY_ENDS = ("股份有限公司", "有限公司", "有限合夥")
_NOT_NAME = "與和及暨並或同"
# the longest word at a place wins
_TAI_BY_LENGTH = tuple(sorted(TAI_WORDS, key=len, reverse=True))
_TAI_OFFSETS = tuple(sorted({w.index("台") for w in TAI_WORDS}))


def tw_standard(text: str, exceptions: Iterable[str] = ()) -> list[Hit]:
    """台 in official place and agency words (臺灣, 臺南市…) and other characters that the
    MoE's standard forms replace (OpenCC's Taiwan variants table, e.g. 爲 → 為)."""
    hits: list[Hit] = []
    if "台" in text:
        quiet = _exception_spans(text, (*DEFAULT_EXCEPTIONS, *exceptions))
        for start, word in _tai_words(text):
            i = start + word.index("台")
            if _inside(i, quiet) or _company(text, start) or text[max(0, i - 1):i + 1] in _NOT_PLACE \
                    or any(text.endswith(w, 0, i + 1) for w in _NOT_PLACE if len(w) == 3):
                continue
            if word in ("在台", "來台") and text[i + 1:i + 2] in ("上", "下", "前", "後", "階"):
                continue  # 在台上致詞: a stage
            hits.append(Hit(i, i + 1, "台", "臺"))
    # a character outside Big5 whose Taiwan form (OpenCC's variants table) is in it:
    # 爲 → 為, 衞 → 衛, 綫 → 線 (variants inside Big5 are the MoE's own entries)
    rare = [] if _all_big5(text) else [i for i, ch in enumerate(text) if is_han(ch) and not _big5(ch)]
    if rare:
        cc = opencc_data()
        for i in rare:
            std = cc.tw_variant(text[i])
            if std != text[i] and _big5(std) and not cc.is_simplified(text[i]):
                hits.append(Hit(i, i + 1, text[i], std))
    return sorted(hits, key=lambda h: h.start)


def _exception_spans(text: str, names: Iterable[str]) -> list[tuple[int, int]]:
    spans = []
    for name in names:  # plain text: str.find, not a regex compiled per name
        at = text.find(name) if name else -1
        while at >= 0:
            spans.append((at, at + len(name)))
            at = text.find(name, at + len(name))
    return spans


def _tai_words(text: str):
    """(start, word) of each TAI_WORDS word in the text, left to right and not overlapping,
    as re.finditer over the words' alternation (longest first) finds them."""
    tais, at = [], text.find("台")
    while at >= 0:
        tais.append(at)
        at = text.find("台", at + 1)
    after = 0
    for start in sorted({i - k for i in tais for k in _TAI_OFFSETS if i >= k}):
        if start < after:
            continue
        word = next((w for w in _TAI_BY_LENGTH if text.startswith(w, start)), None)
        if word is not None:
            yield start, word
            after = start + len(word)


def _company(text: str, start: int) -> bool:
    """Does a company's registered name begin at `start` (see _COMPANY_ENDS)?"""
    for at in range(start, start + 15):
        end = next((e for e in _COMPANY_ENDS if text.startswith(e, at)), None)
        if end is not None:
            name = text[start:at + len(end)]
            return "政府" not in name and not any(ch in _NOT_NAME for ch in name)
        ch = text[at:at + 1]
        if not ch or not ("\u4e00" <= ch <= "\u9fff" or ch.isascii() and ch.isalnum()):
            return False
    return False


# -- simplified-char ------------------------------------------------------------------------
def _big5(ch: str) -> bool:
    """Encoded by Big5 (cp950), the encoding of the MoE's standard character lists."""
    try:
        return len(ch.encode("cp950")) == 2
    except UnicodeEncodeError:
        return False


def _common(ch: str) -> bool:
    """In Big5's 常用字 block (A440–C67E): the MoE's list of common standard characters."""
    try:
        return b"\xa4\x40" <= ch.encode("cp950") <= b"\xc6\x7e"
    except UnicodeEncodeError:
        return False


# the simplified-only characters (by OpenCC's data) that Big5 also encodes, as rare
# Traditional characters; every other one is outside Big5. The pre-test that spares a
# correct text from loading OpenCC; tests/test_norms.py re-derives it from OpenCC's data.
BIG5_SIMPLIFIED = frozenset("与么优体儿凄吨听圣复宁岭并庄异忏怀怜恒惊扑扰昵晒机构栖气沄泞洁洒洼炖瓮痒离篱网羡"
                            "肮肴茧蒏蔂虮虱蚕触赶霉")


def _all_big5(text: str) -> bool:
    """Every character in Big5 (one pass in C: the common case, a correct paragraph)."""
    try:
        text.encode("cp950")
        return True
    except UnicodeEncodeError:
        return False


def _candidate(ch: str) -> bool:
    """Could ch be a simplified-only character? (cheap: no OpenCC)"""
    return is_han(ch) and (ch in BIG5_SIMPLIFIED or not _big5(ch))


def simplified(text: str, context_aware: bool = False) -> list[Hit]:
    """Characters that exist only in Simplified Chinese (by OpenCC's data), each with its
    Taiwan form when `context_aware`: by the phrase (头发 → 頭髮, 发展 → 發展) through
    OpenCC's s2tw, as `docgen fix` writes it (its phrase table takes 200 ms to load, so a
    check leaves the form open)."""
    if _all_big5(text) and BIG5_SIMPLIFIED.isdisjoint(text):
        return []
    candidates = [i for i, ch in enumerate(text) if _candidate(ch)]
    if not candidates:
        return []
    cc = opencc_data()
    found = [i for i in candidates if cc.is_simplified(text[i])]
    # those in the MoE's common list (么 并 听 儿…) are standard Traditional characters
    # too: simplified only in a text that is evidently simplified
    if all(_common(text[i]) for i in found):
        return []
    found = [i for i in found if not _japanese(text, i, cc)]
    if not found:
        return []
    if not context_aware:
        return [Hit(i, i + 1, text[i], None) for i in found]
    forms = cc.s2tw(text)
    if len(forms) != len(text):
        forms = None  # a phrase changed length: each character's own form
    return [Hit(i, i + 1, text[i], forms[i] if forms is not None and forms[i] != text[i]
                else cc.traditional(text[i])) for i in found]


_QUOTED = r"「[^「」]*」|『[^『』]*』|“[^“”]*”|\"[^\"]*\"|（[^（）]*）|\([^()]*\)"


def _japanese(text: str, i: int, cc) -> bool:
    """Is text[i] part of a Japanese name (a quoted or bracketed name with kana, with a kanji
    only Japanese writes, or with shinjitai beside Traditional-only characters)?"""
    # the run of kanji and kana holding i
    a = i
    while a > 0 and (is_han(text[a - 1]) or is_kana(text[a - 1]) or text[a - 1] in "ー・"):
        a -= 1
    b = i
    while b < len(text) and (is_han(text[b]) or is_kana(text[b]) or text[b] in "ー・"):
        b += 1
    if any(is_kana(ch) for ch in text[a:b]):
        return True
    for m in re.finditer(_QUOTED, text):
        if m.start() < i < m.end() - 1:
            seg = m.group()[1:-1]
            if any(is_kana(ch) for ch in seg):
                return True
            simp = [ch for ch in seg if is_han(ch) and cc.is_simplified(ch)]
            if simp and all(cc.is_shinjitai(ch) for ch in simp) and any(cc.is_traditional_only(ch) for ch in seg):
                return True
            if any(cc.is_shinjitai(ch) and not cc.is_simplified(ch) and cc.is_rare_jp(ch) for ch in seg):
                return True
    return False


class OpenCCData:
    """What the rules need from OpenCC: which characters are simplified-only or Taiwan
    variants, and their forms. Detection reads three small dictionaries and builds one
    character converter (about 10 ms); the phrase converter `docgen fix` uses (200 ms) and
    the ones for Japanese names are built on first use."""

    def __init__(self):
        self.share = _share_dir()
        self._conv: dict = {}

    @functools.cached_property
    def valid(self) -> frozenset:
        """Every form OpenCC writes for a Simplified character, and the Taiwan forms."""
        return frozenset(ocd2_values(os.path.join(self.share, "STCharacters.ocd2"))) | \
            frozenset(ocd2_values(os.path.join(self.share, "TWVariants.ocd2")))

    @functools.cached_property
    def variants(self) -> frozenset:
        """The characters OpenCC's Taiwan variants table replaces (爲 衞 綫…)."""
        return frozenset(ocd2_values(os.path.join(self.share, "TWVariantsRev.ocd2")))

    @functools.cached_property
    def _st(self):
        return self._chars_converter("STCharacters.ocd2")

    def _chars_converter(self, dictionary: str):
        """A converter of one character dictionary, no phrases (shipped configs all load
        the 1 MB phrase table). OpenCC takes a config file: a private one, removed at once."""
        import opencc
        path = os.path.join(self.share, dictionary).replace("\\", "\\\\").replace('"', '\\"')
        text = ('{"name": "docgen", "segmentation": {"type": "mmseg", "dict": {"type": "ocd2", "file": "%s"}}, '
                '"conversion_chain": [{"dict": {"type": "ocd2", "file": "%s"}}]}' % (path, path))
        tmp = os.environ.get("TMPDIR") or os.environ.get("TEMP") or os.environ.get("TMP") or \
            ("/tmp" if os.name != "nt" else os.getcwd())
        config = os.path.join(tmp, f"docgen-opencc-{os.getpid()}-{os.urandom(6).hex()}.json")
        fd = os.open(config, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
            return opencc.OpenCC(config)
        finally:
            os.unlink(config)

    def _converter(self, name: str):
        if name not in self._conv:
            import opencc
            self._conv[name] = opencc.OpenCC(os.path.join(self.share, name + ".json"))
        return self._conv[name]

    @functools.lru_cache(maxsize=4096)
    def is_simplified(self, ch: str) -> bool:
        return ch not in self.valid and self._st.convert(ch) != ch

    def traditional(self, ch: str) -> str:
        """The Taiwan form by the character alone (its first form, then the Taiwan variant)."""
        return self._converter("s2tw").convert(ch)

    def tw_variant(self, ch: str) -> str:
        return self._converter("t2tw").convert(ch) if ch in self.variants else ch

    def is_traditional_only(self, ch: str) -> bool:
        return is_han(ch) and self._converter("t2s").convert(ch) != ch

    def is_shinjitai(self, ch: str) -> bool:
        return self._converter("jp2t").convert(ch) != ch

    def is_rare_jp(self, ch: str) -> bool:
        """A shinjitai neither script writes (図 駅 広 沢 売)."""
        return not _big5(ch) and not self.is_simplified(ch) and self._st.convert(ch) == ch \
            and self._converter("t2s").convert(ch) == ch

    def s2tw(self, text: str) -> str:
        return self._converter("s2tw").convert(text)


def _share_dir() -> str:
    """OpenCC's dictionaries beside the installed package (its converter is needed anyway)."""
    import opencc
    base = os.path.dirname(opencc.__file__)
    for folder in (os.path.join(base, "clib", "share", "opencc"), os.path.join(base, "data", "config"),
                   os.path.join(base, "share", "opencc")):
        if os.path.isfile(os.path.join(folder, "STCharacters.ocd2")):
            return folder
    raise RuntimeError("OpenCC's dictionaries were not found beside the opencc package")


_TABLE_START = rb"(?=[\x01-\xff][\x00-\xff]\x00\x00[\x01-\xff][\x00-\xff]{2}\x00[\xc2-\xf4])"


def ocd2_values(path: str) -> list[str]:
    """Every value string of an OpenCC .ocd2 dictionary.

    The file is a header, a MARISA trie of the keys and the values' table: item count
    (uint32), length of the value strings (uint32), the NUL-terminated strings, then per
    item its value count (uint16) and each value's length (uint16). The values' table is
    found as the one place where it fits the file's end exactly (the trie is skipped)."""
    import array
    import struct
    import sys
    with open(path, "rb") as f:
        data = f.read()
    if not data.startswith(b"OPENCC_MARISA_"):
        raise RuntimeError(f"not an OpenCC dictionary: {path}")
    size = len(data)
    # where the table may start: two small counts (< 2^16 items, < 2^24 bytes of strings)
    # followed by a UTF-8 lead byte (the regex engine skips the trie's bytes fast)
    for m in re.compile(_TABLE_START).finditer(data, 19):
        o = m.start()
        n, length = struct.unpack_from("<II", data, o)
        if not n or not length or o + 8 + length + 4 * n > size or data[o + 7 + length] != 0:
            continue
        tail = data[o + 8 + length:]
        if len(tail) % 2:
            continue
        counts = array.array("H", tail)
        if sys.byteorder != "little":
            counts.byteswap()
        i = total = items = 0
        while i < len(counts) and items < n:
            k = counts[i]
            if not k:
                break
            total += sum(counts[i + 1:i + 1 + k])
            i += 1 + k
            items += 1
        if items == n and i == len(counts) and total == length:
            return data[o + 8:o + 8 + length - 1].decode("utf-8").split("\0")
    raise RuntimeError(f"cannot read the values of {path}")


@functools.lru_cache(maxsize=1)
def opencc_data() -> OpenCCData:
    """Loaded once per process, on first need."""
    return OpenCCData()


# -- halfwidth-punct ------------------------------------------------------------------------
FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}


def _neighbour(text: str, i: int, step: int) -> tuple[str, int]:
    """The nearest non-space character from i in direction step, and its index."""
    j = i + step
    while 0 <= j < len(text) and text[j] in " \t":
        j += step
    return (text[j], j) if 0 <= j < len(text) else ("", j)


def halfwidth_punct(text: str, skip: int = 0) -> list[Hit]:
    """Half-width , ; : ? ! ( ) between or next to Chinese characters. Quiet on Latin text,
    numbers (3.5, 2,000), times (09:00), URLs and e-mail addresses; the first `skip`
    characters (a typed outline marker, numbering-format's business) are not looked at."""
    if not any(mark in text for mark in FULL):  # seven scans in C, no regex to compile
        return []
    protected = _protected(text)
    hits: list[Hit] = []
    stack: list[int] = []
    pairs: list[tuple[int, Optional[int]]] = []
    for i, ch in enumerate(text):
        if ch not in FULL or i < skip or _inside(i, protected):
            continue
        if ch == "(":
            stack.append(i)
        elif ch == ")":
            pairs.append((stack.pop(), i) if stack else (i, None))
        else:
            before, after = text[i - 1] if i else "", text[i + 1] if i + 1 < len(text) else ""
            if ch in ",:." and before.isdigit() and after.isdigit():
                continue  # 2,000 and 09:00
            prev, _ = _neighbour(text, i, -1)
            nxt, j = _neighbour(text, i, 1)
            if (prev and is_cjk(prev)) or (nxt and is_cjk(nxt)):
                end = j if nxt and is_cjk(nxt) else i + 1  # the space after a mark goes with it
                hits.append(Hit(i, end, text[i:end], FULL[ch]))
    pairs += [(i, None) for i in stack]
    for a, b in pairs:
        if b is None:  # an unpaired parenthesis
            prev, _ = _neighbour(text, a, -1)
            nxt, _ = _neighbour(text, a, 1)
            if is_han(prev or " ") or is_han(nxt or " "):
                hits.append(Hit(a, a + 1, text[a], FULL[text[a]]))
            continue
        inner = text[a + 1:b]
        prev, _ = _neighbour(text, a, -1)
        nxt, _ = _neighbour(text, b, 1)
        if inner.isdigit() and nxt.isdigit():
            continue  # a phone number's area code: (02)2720-8889
        if has_han(inner) or is_han(prev or " ") or is_han(nxt or " "):
            hits += [Hit(a, a + 1, "(", "（"), Hit(b, b + 1, ")", "）")]
    return sorted(hits, key=lambda h: h.start)


# -- quote-style ----------------------------------------------------------------------------
_OPEN_FULL, _CLOSE_FULL = "「『", "」』"
_QUOTE_MARKS = "“”‘’\""


def quote_style(text: str) -> list[Hit]:
    """“ ” ‘ ’ or " used as quotation marks in Chinese text; the replacement nests as the
    MoE's 標點符號手冊 says: 「」 outside, 『』 inside, 「」 again further in."""
    if not any(mark in text for mark in _QUOTE_MARKS):  # five scans in C, no regex to compile
        return []
    protected = _protected(text)
    # each mark: (index, kind) where kind is "open", "close" or "toggle" (")
    stack: list[tuple[int, str]] = []  # open quotes (index, mark), existing 「『 included
    pairs: list[tuple[int, int, int]] = []  # (open, close, depth)
    lone: list[tuple[int, int, str]] = []
    for i, ch in enumerate(text):
        if _inside(i, protected):
            continue
        if ch in _OPEN_FULL:
            stack.append((i, ch))
        elif ch in _CLOSE_FULL:
            if stack and stack[-1][1] in _OPEN_FULL:
                stack.pop()
        elif ch in "“‘" or (ch == '"' and not (stack and stack[-1][1] == '"')):
            if ch == "‘" and i and text[i - 1].isalpha() and not is_cjk(text[i - 1]):
                continue
            stack.append((i, ch))
        elif ch in "”’\"":
            if ch == "’" and i + 1 < len(text) and text[i + 1].isalpha() and not is_cjk(text[i + 1]) \
                    and i and text[i - 1].isalpha():
                continue  # an apostrophe: Taiwan’s
            want = {"”": "“", "’": "‘", '"': '"'}[ch]
            k = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][1] == want), None)
            if k is None:
                lone.append((i, len(stack), "close"))
                continue
            a = stack[k][0]
            del stack[k:]
            pairs.append((a, i, k))
    lone += [(i, depth, "open") for depth, (i, ch) in enumerate(stack) if ch not in _OPEN_FULL]
    hits: list[Hit] = []
    for a, b, depth in pairs:
        inner = text[a + 1:b]
        prev = text[a - 1] if a else ""
        nxt = text[b + 1] if b + 1 < len(text) else ""
        if has_han(inner) or (prev and is_cjk(prev)) or (nxt and is_cjk(nxt)):
            o, c = ("「", "」") if depth % 2 == 0 else ("『", "』")
            hits += [Hit(a, a + 1, text[a], o), Hit(b, b + 1, text[b], c)]
    for i, depth, kind in lone:
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if (prev and is_han(prev)) or (nxt and is_han(nxt)):
            pair = ("「", "」") if depth % 2 == 0 else ("『", "』")
            hits.append(Hit(i, i + 1, text[i], pair[0] if kind == "open" else pair[1]))
    return sorted(hits, key=lambda h: h.start)


# the rules' ids and their checks (the rule files and `docgen fix` share them)
def check(rule_id: str, text: str, *, skip: int = 0, exceptions: Iterable[str] = (),
          context_aware: bool = False) -> list[Hit]:
    if rule_id == "tw-standard-form":
        return [h for h in tw_standard(text, exceptions) if h.start >= skip]
    if rule_id == "simplified-char":
        return [h for h in simplified(text, context_aware) if h.start >= skip]
    if rule_id == "halfwidth-punct":
        return halfwidth_punct(text, skip)
    if rule_id == "quote-style":
        return [h for h in quote_style(text) if h.start >= skip]
    raise KeyError(rule_id)


RULE_IDS = ("tw-standard-form", "simplified-char", "halfwidth-punct", "quote-style")
