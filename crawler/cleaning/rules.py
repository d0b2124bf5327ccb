"""Selectors, boilerplate patterns and thresholds of the cleaning stage.

Kept apart from the code (as trafilatura keeps ``xpaths.py``) so that a new CMS family is a
data change. Every threshold says why it has its value. Patterns are general: they describe
CMS families and Russian municipal-site conventions, never one site's page.
"""

from __future__ import annotations

import re

#: Elements that never carry article text.
DROP_TAGS: tuple[str, ...] = (
    "script", "style", "noscript", "template", "iframe", "form", "button", "input", "select",
    "textarea", "svg", "canvas", "object", "embed", "nav", "aside", "footer", "header", "dialog",
)

#: class/id fragments of page furniture shared by WordPress, 1C-Bitrix, Joomla, DLE and uCoz
#: themes. Matched as whole tokens split on "-", "_" and spaces, so "share" does not hit
#: "shared-content" but does hit "share-buttons" and "ya-share2".
BOILERPLATE_TOKENS: frozenset[str] = frozenset({
    "breadcrumb", "breadcrumbs", "crumbs", "share", "sharing", "social", "ya-share2", "likes",
    "comments", "comment", "respond", "reply", "cookie", "cookies", "gdpr", "banner", "sidebar",
    "widget", "footer", "header", "menu", "navbar", "nav", "navigation", "pagination", "pager",
    "related", "similar", "tags", "tagcloud", "subscribe", "newsletter", "special", "bvi",
    "eye", "impaired", "a11y", "toolbar", "search", "login", "auth", "modal", "popup", "print",
    "rating", "views", "counter", "advert", "ads", "promo", "other", "more", "latest", "recent",
    "lastnews", "last", "readmore", "navigator", "copyright", "slogan", "logo", "topbar",
    # uCoz comment blocks and entry details, DLE guest notices, Joomla side modules
    "cblock", "cblock1", "cblock2", "cmessage", "ctop", "commreg", "edetails", "berrors",
    "baseform", "moduletable", "caption", "wp-caption-text", "photo-title", "news-photo-title",
})

#: Tokens that mark the article container itself; such an element is never dropped by
#: BOILERPLATE_TOKENS even if it also carries e.g. "news-detail comments-on".
CONTENT_TOKENS: frozenset[str] = frozenset({
    "article", "content", "entry", "post", "detail", "news-detail", "text", "body", "story",
    "itemfulltext", "item-page", "fulltext", "main",
})

#: class/id tokens of the element that prints the date on news pages of common CMS families
#: (WordPress "entry-date", Bitrix "news-date-time", Joomla "published", DLE "date").
DATE_TOKENS: frozenset[str] = frozenset({
    "date", "time", "published", "posted", "pubdate", "entry-date", "news-date-time", "meta", "info",
    "datetime", "post-date", "data",
    # other languages' words for a date, and the lines that carry it beside the author
    "datum", "fecha", "byline", "dateline", "timestamp", "publication", "publish", "created",
})
#: Tokens of blocks whose dates are not the article's publication date.
NOT_DATE_TOKENS: frozenset[str] = frozenset({
    "updated", "modified", "comment", "comments", "related", "latest", "sidebar", "widget", "footer", "event",
})

#: Headings that open a block of site furniture inside or after the article (Russian sites
#: and the English of the public benchmark). A block whose heading matches is cut away.
BLOCK_HEADINGS = re.compile(
    r"^\s*(последние\s+новости|другие\s+новости|ещё\s+новости|еще\s+новости|новости\s+по\s+теме|"
    r"читайте\s+также|смотрите\s+также|см\.\s+также|похожие\s+(новости|записи|материалы)|"
    r"актуальн\w+\s+новост\w*|популярн\w+|комментарии(\s*\(\d+\))?|добавить\s+комментарий|"
    r"оставить\s+комментарий|оставьте\s+комментарий|ваш\s+комментарий|поделиться|"
    r"рекомендуем|лента\s+новостей|опрос|голосование|архив\s+новостей|все\s+новости|новости\s+партнеров|"
    r"теги|метки|related\s+(articles|stories|posts)|more\s+stories|"
    r"recommended|most\s+(read|popular)|comments?|leave\s+a\s+(reply|comment)|"
    # the same «see also» heading in the other languages of the public benchmark
    r"you\s+(may|might)\s+also\s+like|você\s+(também\s+)?pode\s+gostar|veja\s+também|leia\s+também|"
    r"lesen\s+sie\s+auch|ti\s+potrebbe\s+interessare|también\s+te\s+puede\s+interesar)\s*[:.…]*\s*$",
    re.IGNORECASE,
)

#: Cheap pre-filter for BLOCK_HEADINGS on single text nodes: the heading words at the start
#: (regular-expression fragments, each opening with a literal letter).
BLOCK_HEADING_STARTS: tuple[str, ...] = (
    "последн", "друг", "ещё", "еще", "новости", "читайте", "смотрите", r"см\.", "похож", "актуальн",
    "популярн", "коммент", "добав", "остав", "ваш", "поделит", "рекоменд", "лента", "архив", "все",
    "теги", "метки", "опрос", "голосов", "related", "more", "recommended", "you", "você", "veja", "leia",
    "lesen", r"ti\s", "también", "most", "comment", "leave",
)
BLOCK_HEADING_START = re.compile(r"^\s*(" + "|".join(BLOCK_HEADING_STARTS) + ")", re.IGNORECASE)
#: The first letter of BLOCK_HEADING_START, matched as it matches (same case folding).
BLOCK_HEADING_FIRST = re.compile("[" + "".join(sorted({s[0] for s in BLOCK_HEADING_STARTS})) + "]", re.IGNORECASE)

#: A headed block (see BLOCK_HEADINGS) that would take more than this share of the page's text
#: is not cut whole: comment threads and headline lists are rarely larger than the article,
#: while a sidebar heading placed before the article would otherwise take the article along.
HEADED_BLOCK_MAX_SHARE = 0.5

#: Longest text of a block heading («Последние новости», «Комментарии (12)»): longer texts
#: are sentences that merely start with such words.
HEADING_MAX_CHARS = 60

#: Whole paragraphs that are furniture wherever they appear.
BOILERPLATE_LINES = re.compile(
    r"^\s*(версия\s+для\s+слабовидящих|обычная\s+версия\s+сайта|ваш\s+email\s+не\s+публикуется.*|"
    r"ваш\s+адрес\s+email\s+не\s+будет\s+опубликован.*|обязательные\s+поля\s+помечены.*|"
    r"обязательные\s+поля\s+отмечены.*|мы\s+используем\s+(файлы\s+)?cookie.*|"
    r"этот\s+сайт\s+использует\s+(файлы\s+)?cookie.*|поделиться\s*:?|распечатать|"
    r"версия\s+для\s+печати|просмотров\s*:?\s*\d*|\d+\s+просмотр\w*|"
    r"(назад|вернуться)\s+(к\s+списку|в\s+раздел|к\s+новостям)|←?\s*назад|"
    r"все\s+права\s+защищены.*|©.*|\(c\)\s+\d{4}.*|"
    r"(предыдущая|следующая)\s+(новость|запись|статья).*|всего\s+комментариев.*|"
    r"рейтинг\s*:\s*[\d.,/]+.*|фото\s*[:—–-]\s*.{0,80}|(дата\s+изменения|обновлено|изменено)\s*:?.{0,30}|"
    # reading-time badges, newswire credit lines, "follow us" lines, copyright lines
    r"(tempo\s+de\s+leitura|reading\s+time|время\s+чтения)\s*:?.{0,20}|\d+\s*(min|minutes?|мин\w*)\.?\s*(read|чтения)|"
    r"(\(?(additional\s+)?(reporting|writing|editing)\s+by\s+.{0,300})|"
    r"(source|источник)\s*:\s*.{0,60}|more\s*:?|related\s+(posts?|articles?|stories)\b.{0,150}|"
    r"(follow|подписывайтесь\s+на|следите\s+за)\s.{0,100}(instagram|facebook|twitter|telegram|телеграм|вконтакте|youtube).{0,80}|"
    r"copyright\s.{0,120}|(you\s+may\s+also\s+like|filed\s+under|related\s*:).{0,120})\s*$",
    re.IGNORECASE,
)
#: A newswire credit line («… contributed to this report»). Kept out of BOILERPLATE_LINES:
#: its leading ``.{0,250}`` is tried at every position of every block, which made that
#: pattern four times as slow; it is matched only on blocks that hold the word.
CREDIT_LINE = re.compile(r"^\s*.{0,250}\bcontributed\s+(to\s+this\s+report|reporting|research)\b.{0,80}\s*$",
                         re.IGNORECASE)

#: A block of links: the share of a block's text inside <a> above which it is a menu or a
#: headline list rather than prose. 0.5 because article paragraphs with several inline links
#: stay well below it, while menus and «Последние новости» lists are near 1.0.
LINK_DENSITY_MAX = 0.5

#: Blocks shorter than this (characters) are judged by link density at all; longer blocks
#: are article prose even with many links (link-rich legal texts on government portals).
LINK_DENSITY_MIN_CHARS = 25

#: The lead is the first paragraph, cut at a sentence end within this many characters: a
#: search snippet and a feed summary both want two or three lines.
LEAD_MAX_CHARS = 300

#: A lead outside the body is looked for in the siblings of the body container and of its
#: ancestors up to this many levels; a meta description shorter than this names no lead.
LEAD_MAX_LEVELS = 2
LEAD_MIN_CHARS = 40
HEADING_TAGS: frozenset[str] = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

#: A title longer than this is a paragraph that lost its markup, not a headline.
TITLE_MAX_CHARS = 300

#: Separators between an article title and the site name in <title> and og:title.
TITLE_SEPARATORS = re.compile(r"\s+(?:\||—|–|-|::|/|»|«|•|·)\s+")

#: A page whose body has fewer characters than this is not an article (an empty stub or an
#: error page). Kept low on purpose: a real one-sentence notice («Заседание Совета перенесено
#: на 5 марта.») is ~40 characters, and listings are told apart by link density instead.
MIN_BODY_CHARS = 30

#: Captions are kept only on request (issue: "captions optional, off by default").
CAPTION_TAGS: tuple[str, ...] = ("figcaption",)

#: Image URLs that are site furniture, not the article's own pictures.
IMAGE_SKIP = re.compile(
    r"(logo|icon|sprite|banner|counter|pixel|spacer|blank|avatar|gerb|emblem|flag|"
    r"\.svg(\?|$)|data:)",
    re.IGNORECASE,
)

#: Author labels on Russian news pages.
AUTHOR_LABEL = re.compile(r"^\s*(автор|текст|подготовил[аи]?|фото и текст)\s*[:\-–—]\s*(.{3,80})$",
                          re.IGNORECASE)

#: A table cell with this many block children (paragraphs, lists, headings) is a page column,
#: not a data cell: Word-exported data tables put one <p> in a cell, layouts put many.
LAYOUT_CELL_BLOCKS = 3
#: A cell with more text than this is a page column: data cells hold figures and names.
LAYOUT_CELL_CHARS = 400
LAYOUT_BLOCK_TAGS: frozenset[str] = frozenset({"p", "ul", "ol", "div", "h1", "h2", "h3", "h4",
                                               "h5", "h6", "blockquote", "table", "font"})

#: A list inside the article container with more link text than this is navigation (a menu,
#: «Документы» links); prose lists of projects and decisions have almost none.
LIST_LINK_DENSITY_MAX = 0.3

#: Text runs shorter than this do not vote for the main-text anchor: menu items, dates and
#: «Подробнее» links are short; a sentence of a story, even cut by an inline link, is not.
ANCHOR_CHUNK_CHARS = 25

#: A body of at least this many blocks, of which this share are the texts of links on the
#: page, is a listing (headlines) rather than an article. Three blocks: a short notice with
#: one linked document title must not trip it.
LISTING_MIN_BLOCKS = 3
LISTING_LINKED_SHARE = 0.6

#: Confining the body to the main text's container may drop at most this share of it;
#: more means the container guess is wrong (a story split over two columns), so keep all.
CONFINE_MIN_KEPT = 0.3
#: The anchor's parent joins the scope only if it adds at most this much text (a lead or a
#: subtitle), not a side column.
CONFINE_PARENT_GROWTH = 1.3
#: Headline blocks (link texts of other pages) in a body that make the confinement run.
CONFINE_MIN_HEADLINES = 2
#: A caption under a picture: at most this long (longer italic text is a quote).
CAPTION_MAX_CHARS = 200
#: A title copy glued to the start of a block is cut only for titles at least this long
#: (a short title like «Итоги» may begin a real sentence), and only when at most this many
#: characters (a date line) precede it.
TITLE_PREFIX_MIN_CHARS = 20
TITLE_PREFIX_MAX_OFFSET = 120
#: A leading block this short that is a link text elsewhere is a section name («Новости»).
SECTION_MAX_CHARS = 40
#: A short first block with a year and a time or a month is a byline/date line
#: («5:45 AM PST 11/19/2019 by Patrick Shanley», «пятница, 22 октября 2010 в 20:13»).
LEADING_META_MAX_CHARS = 100
LEADING_META = re.compile(
    r"(19|20)\d\d.*(\d{1,2}:\d\d|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*)|"
    r"(\d{1,2}:\d\d|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*).*(19|20)\d\d",
    re.IGNORECASE)
#: A split story's chunk is looked for at the container and up to this many ancestors
#: (the chunk class may sit on a wrapper), and must add this much text to count.
SPLIT_BODY_MAX_LEVELS = 1
SPLIT_BODY_MIN_CHARS = 200
#: A chunk with more link text than this is a teaser item, not a part of the story.
SPLIT_CHUNK_LINK_DENSITY = 0.2
#: A chunk must hold at least one paragraph this long to be a part of the story.
ANCHOR_PARAGRAPH_CHARS = 80
#: A short line of links joined by these («<< Назад | Версия для печати», «Печать · Поделиться»)
#: is navigation, never a sentence of the story.
LINK_ROW_SEPARATOR = re.compile(r"\s*[|•·]\s*")
#: What such a row leaves when the main-content finder dropped its links: «| ·».
LINK_ROW_LEFTOVER = re.compile(r"[\s|•·]+")
LINK_ROW_MAX_CHARS = 200
#: Link lists inside a story are related headlines, except lists of attached documents,
#: which municipal news publish as part of the story (decisions, regulations, forms).
DOCUMENT_LINK = re.compile(
    r"\.(pdf|docx?|xlsx?|rtf|odt|zip|rar)\b|\b(pdf|docx?|xlsx?)\b|скачать|положени|постановлени|"
    r"решени|приказ|распоряжени|протокол|заявк|форма\b|бланк|приложени", re.IGNORECASE)
#: Fast extraction is redone with trafilatura's fallbacks when it found less than this share
#: of the page's prose (``clean_html.prose_chars``: sentence-long text runs outside links,
#: after pruning). 0.5: 15 of 181 public-benchmark pages and 12 of the 100 Russian pages
#: escalate, and every output equals the always-full run; at 0.3 a Russian page whose story
#: is one sentence per <div> keeps only its table (F1 -0.006).
ESCALATE_SHARE = 0.5

#: Elements whose text the extractor returns as one block (paragraph-level containers).
BLOCK_TAGS: tuple[str, ...] = ("p", "li", "h2", "h3", "h4", "h5", "h6", "blockquote", "td", "pre", "dd")
