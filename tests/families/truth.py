"""Ground truth of the CMS-family fixture sites under tests/families/sites/ (importable).

``FAMILIES[name]`` says what a crawl of that site must store (``articles``) and must never
store (``not_articles``: archives, calendars, tags, print versions, soft-404s, menu pages).
The URL schemes, page sizes and menus are defined here and used by build.py, so the pages
and the truth cannot disagree. Dates: the local time of the region, with its offset.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from tests.families import articles as texts
from tests.families.articles import Story

__all__ = ["FAMILIES", "REPOSTS", "Expected", "Family"]


@dataclass(frozen=True)
class Expected:
    path: str  # canonical path+query on its site (the rel=canonical target when the page has one)
    title: str
    published_at: str  # ISO 8601 with the region's offset, seconds precision
    date_only: bool  # the site shows only a date (published_at then says T00:00:00)
    first_words: str  # the first 8 words of the body's first paragraph
    last_words: str  # the last 8 words of the body's last paragraph
    subheading: str | None = None  # an in-body sub-heading that must be kept (tilda)
    loader_only: bool = False  # reachable only via «Показать ещё» / article-page links (/ sitemap)


@dataclass(frozen=True)
class Family:
    name: str
    start_paths: tuple[str, ...]
    region: str
    timezone: str  # IANA
    articles: tuple[Expected, ...]
    not_articles: tuple[str, ...]


# -- URL schemes ---------------------------------------------------------------------------

def ymd(story: Story) -> str:
    y, m, d, *_ = story.when
    return f"{y}-{m:02d}-{d:02d}"


def gosweb_news_path(story: Story) -> str:
    return f"/press/news/{story.slug}_{story.id}.html"


def gosweb_announcement_path(story: Story) -> str:
    return f"/press/announcements/{story.slug}_{story.id}.html"


def dle_path(story: Story) -> str:
    return f"/news/{story.id}-{story.slug}.html"


def ucoz_path(story: Story) -> str:
    return f"/news/{story.slug}/{ymd(story)}-{story.id}"


def drupal_path(story: Story) -> str:
    return f"/novosti/{story.slug}"


def drupal_node_path(story: Story) -> str:
    return f"/node/{story.id}"


def tilda_path(story: Story) -> str:
    return f"/tpost/{story.slug}"


def regional_path(story_id: int) -> str:
    return f"/ministry/smo/news/{story_id}/"


def chunks(items: tuple[Story, ...], first: int, step: int) -> list[tuple[Story, ...]]:
    """The items split as a listing shows them: `first` on page 1, then `step` per page."""
    parts = [items[:first]]
    for start in range(first, len(items), step):
        parts.append(items[start:start + step])
    return parts


def newest_first(items: tuple[Story, ...]) -> tuple[Story, ...]:
    return tuple(sorted(items, key=lambda s: s.when, reverse=True))


# -- layout shared with build.py -------------------------------------------------------------

GOSWEB_NEWS = newest_first(texts.GOSWEB_NEWS)
GOSWEB_ANNOUNCEMENTS = newest_first(texts.GOSWEB_ANNOUNCEMENTS)
GOSWEB_FIRST, GOSWEB_STEP = 4, 4  # /press/news/ shows 4, each «Показать ещё» loads 4
GOSWEB_ANN_FIRST, GOSWEB_ANN_STEP = 3, 3  # /press/announcements/ shows 3, the JSON gives 3 more
# «Другие новости» of an article: the 3 newest others, plus one related item for these
# articles (slug -> slug): the only way to loader-only items without running the loader.
GOSWEB_RELATED = {
    "zasedanie-pravleniya-itogi-2025": "tos-v-gorodskikh-okrugakh",
    "seminar-ppmi-vesegonsk": "molodezhnyy-forum-munitsipalitetov",
    "tos-v-gorodskikh-okrugakh": "monitoring-munitsipalnykh-saytov",
}

DLE_STORIES = newest_first(texts.DLE)
DLE_PER_PAGE = 4
DLE_SERVER_DATE = "2026-03-10T17:30:00+00:00"  # = 2026-03-11 00:30 in Asia/Novosibirsk
DLE_TODAY = (2026, 3, 11)
DLE_YESTERDAY = (2026, 3, 10)

UCOZ_STORIES = newest_first(texts.UCOZ)
UCOZ_PER_PAGE = 4
UCOZ_SOFT_404 = "/news/staraya-novost/2019-01-01-1"
UCOZ_CATEGORIES = (("/news/1-0-1", "Новости ассоциации"), ("/news/1-0-2", "Старосты"), ("/news/1-0-3", "ТОС"))

DRUPAL_STORIES = newest_first(texts.DRUPAL)
DRUPAL_PER_PAGE = 4
DRUPAL_FEED_SIZE = 4  # /rss.xml holds only the newest 4: ?page=1 and ?page=2 are found by paging
DRUPAL_TERMS = ((5, "Старосты"), (6, "ТОС"), (7, "Инициативное бюджетирование"), (8, "Форумы"), (9, "Обучение"))

TILDA_STORIES = newest_first(texts.TILDA)
TILDA_SHOWN = 6  # the pre-rendered feed shows 6; «Загрузить ещё» asks Tilda's API (another host)

REGIONAL_STORIES = newest_first(texts.REGIONAL)
REGIONAL_PER_PAGE = 5
REGIONAL_RETRY_AFTER = regional_path(48962)  # answers 429 + Retry-After: 1 once


# The portal around the section: (code, name) of other bodies' and municipalities' sections.
REGIONAL_MINISTRIES = (
    ("minfin", "Министерство финансов"), ("minstroy", "Министерство строительства и инфраструктуры"),
    ("minzdrav", "Министерство здравоохранения"), ("minobr", "Министерство образования и науки"),
    ("minselhoz", "Министерство сельского хозяйства"), ("minsoc", "Министерство социальных отношений"),
    ("minkult", "Министерство культуры"), ("minsport", "Министерство физической культуры и спорта"),
    ("mindortrans", "Министерство дорожного хозяйства и транспорта"), ("mineconom", "Министерство экономического развития"),
    ("minimush", "Министерство имущества"), ("minprom", "Министерство промышленности, новых технологий и природных ресурсов"),
    ("mineco", "Министерство экологии"), ("mintarif", "Министерство тарифного регулирования и энергетики"),
    ("mingkh", "Министерство строительства и жилищно-коммунального хозяйства"),
    ("minit", "Министерство информационных технологий, связи и цифрового развития"),
    ("minmolod", "Министерство по делам молодёжи"), ("minles", "Главное управление лесами"),
    ("minbez", "Министерство общественной безопасности"), ("mintrud", "Главное управление по труду и занятости населения"),
    ("zags", "Государственный комитет по делам ЗАГС"), ("gzhi", "Государственная жилищная инспекция"),
    ("arhiv", "Государственный комитет по делам архивов"), ("okn", "Государственный комитет охраны объектов культурного наследия"),
    ("gku", "Главное контрольное управление"), ("ud", "Управление делами Губернатора и Правительства"),
    ("justice", "Главное управление юстиции"), ("vet", "Главное управление ветеринарии"),
    ("tourism", "Комитет по туризму"), ("invest", "Агентство инвестиционного развития"),
)
REGIONAL_MUNICIPALITIES = (
    ("chelyabinsk", "Челябинский городской округ"), ("magnitogorsk", "Магнитогорский городской округ"),
    ("zlatoust", "Златоустовский городской округ"), ("miass", "Миасский городской округ"), ("kopeysk", "Копейский городской округ"),
    ("troitsk", "Троицкий городской округ"), ("kyshtym", "Кыштымский городской округ"), ("ozersk", "Озёрский городской округ"),
    ("snezhinsk", "Снежинский городской округ"), ("trekhgorny", "Трёхгорный городской округ"),
    ("verkhny-ufaley", "Верхнеуфалейский городской округ"), ("karabash", "Карабашский городской округ"),
    ("ust-katav", "Усть-Катавский городской округ"), ("chebarkul", "Чебаркульский городской округ"),
    ("asha", "Ашинский муниципальный район"), ("argayash", "Аргаяшский муниципальный район"),
    ("bredy", "Брединский муниципальный район"), ("varna", "Варненский муниципальный район"),
    ("emanzhelinsk", "Еманжелинский муниципальный район"), ("etkul", "Еткульский муниципальный район"),
    ("kartaly", "Карталинский муниципальный район"), ("kasli", "Каслинский муниципальный район"),
)
REGIONAL_PORTAL_PAGES = (
    ("/", "Главная"), ("/governor/", "Губернатор"), ("/government/", "Правительство"), ("/ministry/", "Органы власти"),
    ("/municipalities/", "Муниципалитеты"), ("/documents/", "Документы"), ("/press/news/", "Пресс-центр"),
    ("/region/", "О регионе"), ("/contacts/", "Контакты"), ("/appeals/", "Обращения граждан"), ("/en/", "English"),
    ("/about-portal/", "О портале"), ("/sitemap/", "Карта портала"), ("/personal-data/", "Политика обработки персональных данных"),
    ("/opendata/", "Открытые данные"),
    *((f"/ministry/{code}/", name) for code, name in REGIONAL_MINISTRIES),
    *((f"/municipalities/{code}/", name) for code, name in REGIONAL_MUNICIPALITIES),
)


def regional_items() -> list[tuple[int, str, tuple[int, int, int, int, int], str]]:
    """The listing's items, newest first: (id, title, when, kind) with kind article/removed/archive."""
    items = [(s.id, s.title, s.when, "article") for s in REGIONAL_STORIES]
    items.append((*texts.REGIONAL_REMOVED, "removed"))
    items.append((*texts.REGIONAL_ARCHIVE, "archive"))
    return sorted(items, key=lambda item: item[2], reverse=True)


# Menu and service pages of each site (path, title): never articles.
SERVICE_PAGES: dict[str, tuple[tuple[str, str], ...]] = {
    "gosweb": (
        ("/o-sovete/", "О Совете"), ("/o-sovete/struktura/", "Структура"), ("/o-sovete/pravlenie/", "Правление"),
        ("/o-sovete/chleny/", "Члены Совета"), ("/o-sovete/ispolnitelnaya-direktsiya/", "Исполнительная дирекция"),
        ("/dokumenty/", "Документы"), ("/dokumenty/ustav/", "Устав"), ("/dokumenty/plany/", "Планы работы"),
        ("/dokumenty/otchety/", "Отчёты"), ("/press/foto/", "Фотогалерея"), ("/press/video/", "Видео"),
        ("/proekty/starosty/", "Сельские старосты"), ("/proekty/tos/", "Территориальное общественное самоуправление"),
        ("/proekty/ppmi/", "Программа поддержки местных инициатив"), ("/proekty/praktiki/", "Лучшие практики"),
        ("/obrashcheniya/", "Обращения граждан"), ("/protivodeystvie-korruptsii/", "Противодействие коррупции"),
        ("/kontakty/", "Контакты"), ("/karta-sayta/", "Карта сайта"),
    ),
    "dle": (
        ("/o-nas.html", "Об ассоциации"), ("/ustav.html", "Устав ассоциации"), ("/chleny-assotsiatsii.html", "Члены ассоциации"),
        ("/pravlenie.html", "Правление"), ("/dokumenty.html", "Документы"), ("/kontakty.html", "Контакты"),
        ("/index.php?do=feedback", "Обратная связь"), ("/index.php?do=register", "Регистрация"),
        ("/index.php?do=lostpassword", "Восстановление пароля"), ("/index.php?do=search", "Поиск"),
        ("/index.php?do=lastnews", "Последние публикации"), ("/index.php?do=rules", "Правила сайта"),
        ("/user/admin/", "Пользователь: admin"),
    ),
    "ucoz": (
        ("/index/0-2", "Об ассоциации"), ("/index/0-3", "Обратная связь"), ("/index/0-4", "Документы"),
        ("/index/0-5", "Члены ассоциации"), ("/index/0-6", "Контакты"), ("/index/8-0-admin", "Пользователь admin"),
        ("/index/3", "Регистрация"), ("/news/0-0-0-0-1", "Добавить новость"),
    ),
    "drupal": (
        ("/o-sovete", "О Совете"), ("/sostav-soveta", "Состав Совета"), ("/prezidium", "Президиум"),
        ("/dokumenty", "Документы"), ("/proekty/starosty", "Старосты"), ("/proekty/tos", "ТОС"),
        ("/proekty/initsiativnoe-byudzhetirovanie", "Инициативное бюджетирование"), ("/kontakty", "Контакты"),
        ("/contact", "Обратная связь"), ("/user/login", "Вход"), ("/search/node", "Поиск"),
    ),
    "tilda": (
        ("/about", "О Совете"), ("/members", "Члены Совета"), ("/documents", "Документы"),
        ("/projects", "Проекты"), ("/shkola-starost", "Школа старост"), ("/contacts", "Контакты"),
    ),
    "regional": (
        ("/ministry/smo/", "Совет муниципальных образований"), ("/ministry/smo/about/", "О Совете"),
        ("/ministry/smo/members/", "Члены Совета"), ("/ministry/smo/presidium/", "Президиум"),
        ("/ministry/smo/documents/", "Документы"), ("/ministry/smo/contacts/", "Контакты"),
    ),
}


# -- truth --------------------------------------------------------------------------------------

OFFSETS = {"gosweb": "+03:00", "dle": "+07:00", "ucoz": "+03:00", "drupal": "+05:00", "tilda": "+04:00",
           "regional": "+05:00"}


def _iso(story_when: tuple[int, int, int, int, int], offset: str) -> str:
    y, m, d, hh, mm = story_when
    return f"{y:04d}-{m:02d}-{d:02d}T{hh:02d}:{mm:02d}:00{offset}"


def _expected(family: str, story: Story, path: str, *, date_only: bool = False,
              loader_only: bool = False) -> Expected:
    return Expected(path=path, title=story.title, published_at=_iso(story.when, OFFSETS[family]),
                    date_only=date_only, first_words=" ".join(story.paragraphs[0].split()[:8]),
                    last_words=" ".join(story.paragraphs[-1].split()[-8:]), subheading=story.subheading,
                    loader_only=loader_only)


def _services(family: str) -> tuple[str, ...]:
    return tuple(path for path, _ in SERVICE_PAGES[family])


def _gosweb() -> Family:
    news = tuple(_expected("gosweb", s, gosweb_news_path(s), loader_only=i >= GOSWEB_FIRST)
                 for i, s in enumerate(GOSWEB_NEWS))
    ann = tuple(_expected("gosweb", s, gosweb_announcement_path(s), loader_only=i >= GOSWEB_ANN_FIRST)
                for i, s in enumerate(GOSWEB_ANNOUNCEMENTS))
    pages = len(chunks(GOSWEB_NEWS, GOSWEB_FIRST, GOSWEB_STEP))
    fragments = tuple(f"/press/news/?ajax=Y&PAGEN_1={n}" for n in range(2, pages + 1))
    json_pages = tuple(f"/api/announcements.json?offset={o}&limit={GOSWEB_ANN_STEP}"
                       for o in range(GOSWEB_ANN_FIRST, len(GOSWEB_ANNOUNCEMENTS), GOSWEB_ANN_STEP))
    return Family("gosweb", ("/press/news/", "/press/announcements/"), "Тверская область", "Europe/Moscow",
                  news + ann, ("/", "/press/", "/press/news/", "/press/announcements/", *fragments, *json_pages,
                               *_services("gosweb")))


def _dle() -> Family:
    arts = tuple(_expected("dle", s, dle_path(s)) for s in DLE_STORIES)
    pages = len(chunks(DLE_STORIES, DLE_PER_PAGE, DLE_PER_PAGE))
    prints = tuple(f"/news/print:page,1,{s.id}-{s.slug}.html" for s in DLE_STORIES)
    prints += tuple(f"/engine/print.php?newsid={s.id}" for s in DLE_STORIES)
    days = sorted({ymd(s) for s in DLE_STORIES})
    months = sorted({d[:7] for d in days})
    archives = tuple("/" + m.replace("-", "/") + "/" for m in months) + tuple(
        "/" + d.replace("-", "/") + "/" for d in days)
    tags = ("/tags/", *(f"/tags/{quote(tag)}/" for tag in DLE_TAGS))
    return Family("dle", ("/",), "Новосибирская область", "Asia/Novosibirsk", arts,
                  ("/", *(f"/page/{n}/" for n in range(2, pages + 1)), "/news/",
                   *(f"/news/page/{n}/" for n in range(2, pages + 1)), "/rss.xml", *prints, *archives, *tags,
                   *_services("dle")))


DLE_TAGS = ("старосты", "ТОС", "форум", "обучение", "инициативное бюджетирование", "законодательство")


def _ucoz() -> Family:
    arts = tuple(_expected("ucoz", s, ucoz_path(s)) for s in UCOZ_STORIES)
    pages = len(chunks(UCOZ_STORIES, UCOZ_PER_PAGE, UCOZ_PER_PAGE))
    days = sorted({ymd(s) for s in UCOZ_STORIES})
    months = sorted({d[:7] for d in days} | {"2025-12"})
    return Family("ucoz", ("/news/",), "Тамбовская область", "Europe/Moscow", arts,
                  ("/", "/news/", *(f"/news/?page{n}" for n in range(2, pages + 1)), "/news/rss/",
                   *(f"/news/{m}" for m in months), *(f"/news/{d}" for d in days),
                   *(path for path, _ in UCOZ_CATEGORIES), "/news/0-0-1-0-16-1", UCOZ_SOFT_404,
                   *_services("ucoz")))


def _drupal() -> Family:
    arts = tuple(_expected("drupal", s, drupal_path(s)) for s in DRUPAL_STORIES)
    pages = len(chunks(DRUPAL_STORIES, DRUPAL_PER_PAGE, DRUPAL_PER_PAGE))
    return Family("drupal", ("/news",), "Курганская область", "Asia/Yekaterinburg", arts,
                  ("/", "/news", *(f"/news?page={n}" for n in range(1, pages)), "/rss.xml",
                   *(f"/taxonomy/term/{tid}" for tid, _ in DRUPAL_TERMS), *_services("drupal")))


def _tilda() -> Family:
    arts = tuple(_expected("tilda", s, tilda_path(s), date_only=True, loader_only=i >= TILDA_SHOWN)
                 for i, s in enumerate(TILDA_STORIES))
    return Family("tilda", ("/news",), "Самарская область", "Europe/Samara", arts,
                  ("/", "/news", "/sitemap.xml", *_services("tilda")))


def _regional() -> Family:
    arts = tuple(_expected("regional", s, regional_path(s.id)) for s in REGIONAL_STORIES)
    pages = -(-len(regional_items()) // REGIONAL_PER_PAGE)
    return Family("regional", ("/ministry/smo/news/",), "Челябинская область", "Asia/Yekaterinburg", arts,
                  ("/ministry/smo/news/", *(f"/ministry/smo/news/?start={n * REGIONAL_PER_PAGE}" for n in range(1, pages)),
                   regional_path(texts.REGIONAL_REMOVED[0]), regional_path(texts.REGIONAL_ARCHIVE[0]),
                   *_services("regional"), *(path for path, _ in REGIONAL_PORTAL_PAGES)))


FAMILIES: dict[str, Family] = {f.name: f for f in (_gosweb(), _dle(), _ucoz(), _drupal(), _tilda(), _regional())}

_DRUPAL_REPOST = next(s for s in DRUPAL_STORIES if s.paragraphs == texts.REPOST_PARAGRAPHS)
_REGIONAL_REPOST = next(s for s in REGIONAL_STORIES if s.paragraphs == texts.REPOST_PARAGRAPHS)
REPOSTS: tuple[tuple[tuple[str, str], tuple[str, str]], ...] = (
    (("drupal", drupal_path(_DRUPAL_REPOST)), ("regional", regional_path(_REGIONAL_REPOST.id))),
)
