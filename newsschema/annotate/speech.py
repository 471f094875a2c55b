"""What finding quotes and speakers needs to know of a language: a table each.

A new language is a new :class:`Speech` (and its tests): :mod:`~newsschema.annotate.quotes`
reads only these. Words are written as the text has them; Arabic cue verbs are listed bare
and are found with their prefixes (و، ف) too, and the cue is kept as written (``وقال``).
"""

from __future__ import annotations

import attrs

from newsschema.annotate.languages import words
from newsschema.model import EntityKind

__all__ = ["SPEECH", "Speech"]


@attrs.frozen
class Speech:
    """A language's words for reported speech.

    Attributes:
        marks: quotation marks, each opening mark with the marks that close it.
        cues: reporting verbs (``said``, ``قال``), lower-cased, with their prefixes where the
            language writes them as part of the word.
        participles: cues that go on the sentence of the last speaker (``مضيفا``, ``adding``).
        reporting: the cues after which reported speech follows at once (``said``, ``says``).
        quoting: verbs that report speech only when what follows them quotes it (``vowed to
            “bomb the hell” out of``, ``accused him of an “artful smear”``).
        adverbials: words that, right after a cue, begin when or where it was said (``on``).
        complementisers: the words after which reported speech begins (``إن``, ``that``).
        governed: prepositions after which reported speech begins, with the cues that take
            them (``أشار إلى``, ``شدد على``).
        ambiguous: cues that are another word too (``بين``: showed, between): a cue only
            with a prefix or at a sentence's start.
        before_speaker: words that end a speaker's phrase (``في``, ``اليوم``): what follows is
            when or where it was said.
        titles: words that say a speaker is a person (``President``, ``وزير``).
        organisations: words that say a speaker is an organisation (``Ministry``, ``وزارة``),
            or a writing that speaks for one (``report``, ``poll``).
        groups: words that say a speaker is a group (``officials``, ``مصادر``).
        pronouns: pronouns a speaker may be, and the kinds they may refer to.
        not_names: capitalised words that begin sentences, never a name (``While``).
        needs_that: cues whose object comes first (``told reporters that …``): what was
            said follows only a complementiser.
        honorifics: words right before a person's name (``الدكتور``, ``المهندس``): what
            comes before them is a title, what follows the name.
        prefixes: letters written joined to a word (``و``, ``ف``): a cue is found under them.
        min_words: the fewest words of a quotation that is a quote without a cue beside it.
        keeps_complementiser: whether reported speech begins with its complementiser (English
            attribution corpora, PARC and PolNeAR, start the content at ``that``; Arabic
            news, and this project's Arabic annotations, after ``إن``).
        doubled: a mark that, written twice, is a quotation mark as ``"`` is (``''…''``, as
            some wires and archives write quotations in plain ASCII).
    """

    marks: dict[str, str]
    cues: frozenset[str]
    participles: frozenset[str]
    complementisers: tuple[str, ...]
    governed: dict[str, frozenset[str]]
    ambiguous: frozenset[str]
    reporting: frozenset[str]
    adverbials: frozenset[str]
    before_speaker: frozenset[str]
    titles: frozenset[str]
    organisations: frozenset[str]
    groups: frozenset[str]
    pronouns: dict[str, tuple[EntityKind, ...]]
    not_names: frozenset[str] = frozenset()
    needs_that: frozenset[str] = frozenset()
    honorifics: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()
    min_words: int = 8
    keeps_complementiser: bool = False
    quoting: frozenset[str] = frozenset()
    doubled: str = ""


_PEOPLE = (EntityKind.PERSON,)
_MANY = (EntityKind.GROUP, EntityKind.ORGANIZATION)

ENGLISH = Speech(
    marks={"“": '”"', '"': '"”', "«": "»", "„": "“”"},
    cues=words(
        "said says told tells added adds asked asks stated states explained explains noted "
        "notes wrote writes argued argues insisted insists declared declares announced "
        "announces claimed claims warned warns replied replies responded responds continued "
        "recalled acknowledged acknowledges admitted admits suggested suggests tweeted "
        "tweets posted remarked observed conceded concedes contended contends testified "
        "predicted predicts complained complains boasted countered cautioned quipped "
        "insisted urged urges emphasized stressed joked exclaimed shouted yelled read "
        "conceded reiterated pointed concluded concludes opined reported reports mused "
        "wondered interjected retorted vowed promised recounted cried screamed chanted cheered "
        "beamed elaborated blogged pleaded sighed marveled marvelled laughed snapped demanded "
        "thundered scoffed lamented gushed bragged"
    )
    | words("went on to say; goes on to say; went on to write; goes on to write", ";"),
    participles=words(
        "adding saying noting explaining arguing warning insisting calling declaring "
        "telling writing asking claiming suggesting describing"
    ),
    complementisers=("that",),
    governed={},
    ambiguous=frozenset(),
    reporting=words(
        "said says added adds argued argues claimed claims insisted insists noted notes "
        "warned warns explained explains stated states suggested suggests acknowledged "
        "acknowledges admitted admits predicted predicts contended contends wrote writes "
        "told tells announced announces declared declares believes believed thinks thought "
        "maintained maintains asserted asserts conceded concedes concluded concludes "
        "emphasized emphasizes stressed stresses reiterated reiterates"
    )
    | words("went on to say; goes on to say; is saying; was saying", ";")
    # of a plural subject (officials say, the two lawmakers argue)
    | words(
        "say argue insist warn explain suggest acknowledge admit predict contend "
        "believe think assert concede stress"
    ),
    adverbials=words(
        "on in at during after before when while with about to from for of as by this last "
        "earlier later yesterday today tonight Monday Tuesday Wednesday Thursday Friday "
        "Saturday Sunday"
    ),
    before_speaker=words("in on at during after before to on"),
    titles=words(
        "President Sen. Senator Rep. Representative Gov. Governor Secretary Mr. Mrs. Ms. Dr. "
        "Prof. Professor Gen. General Chancellor Minister Judge Justice Mayor Chairman "
        "Chairwoman Director Ambassador Commissioner Lt. Col. Capt. Sgt. Adm. King Queen "
        "Prince Pope Rev. Sheikh spokesman spokeswoman spokesperson minister president "
        "senator governor secretary director chairman chief leader official lawmaker mayor "
        "ambassador adviser advisor aide analyst economist professor lawyer attorney "
        "candidate nominee CEO executive manager officer commander researcher expert "
        "author writer reporter columnist editor member delegate activist supporter "
        "organizer strategist pollster consultant donor operative friend wife husband son "
        "daughter mother father brother sister student teacher owner founder chair "
        "confidant negotiator prosecutor host anchor commentator historian scientist "
        "physician doctor nurse lawmaker representative congressman congresswoman man "
        "woman person voter resident protester source user staffer insider colleague "
        "partner veteran worker surrogate Republican Democrat journalist attendee "
        "front-runner frontrunner co-author co-founder boy girl neighbor neighbour general"
    ),
    organisations=words(
        "Ministry Department Agency Council Committee Commission Party Association Union "
        "Institute University Bank Court Police Army Office Foundation Organization "
        "Organisation Group Company Corporation Inc. Corp. Ltd. News Times Post Journal "
        "Reuters AP Network Center Centre Bureau Service Board Campaign Government "
        "Administration Congress Senate House Parliament newspaper agency ministry "
        "department company campaign government administration committee "
        "court police army network magazine website"
        # a writing speaks for whoever issued it (according to the report, the poll found)
        " report statement memoir poll survey study book filing complaint lawsuit document "
        "documents records letter memo email analysis audit transcript indictment release "
        "petition ad advertisement"
    ),
    groups=words(
        "officials residents witnesses protesters analysts experts critics supporters "
        "sources investigators activists lawmakers Democrats Republicans voters leaders "
        "authorities police doctors observers diplomats prosecutors members delegates "
        "voters residents students workers donors aides advisers group crowd audience "
        "people protesters users staffers insiders colleagues surrogates"
    ),
    pronouns={"he": _PEOPLE, "she": _PEOPLE, "they": _MANY, "it": _MANY, "we": _MANY},
    needs_that=words("told tells"),
    keeps_complementiser=True,
    doubled="'",
    quoting=words(
        "vowed vows pledged pledges promised promises accused accuses blamed blames urged urges "
        "lamented laments praised praises criticized criticizes slammed slams denounced "
        "dismissed dismisses derided touted touts mocked mocks thanked decried defended "
        "questioned demanded demands threatened rejected condemned condemns hailed hails "
        "welcomed blasted blasts asked asks told tells promising vowing accusing urging "
        "pledging touting praising blaming mocking demanding threatening "
        "vow pledge promise accuse blame urge praise criticize slam denounce dismiss tout mock "
        "demand threaten reject condemn"
    )
    | words(
        "called for; called on; calls for; calls on; calling for; calling on; took credit for; "
        "warned of; warned against; focus on; focused on",
        ";",
    ),
    not_names=words(
        "While But And When If As After Before Although Though Since Because So Yet Then Now "
        "Still Meanwhile However In On At This That Those These It Its Also Even Only Both "
        "Last Next Asked Speaking Earlier Later Instead Indeed Here There What Why How Who "
        "Where Whether Despite During Until Unlike Like Of For With From By To His Her Their "
        "Our My Your We He She They I Monday Tuesday Wednesday Thursday Friday Saturday Sunday "
        "January February March April June July August September October November December"
    ),
    min_words=8,
)

ARABIC = Speech(
    marks={"“": "”", '"': '"', "«": "»", "„": "“”"},
    cues=words(
        "قال قالت يقول تقول أضاف أضافت اضاف اضافت يضيف أكد أكدت اكد اكدت يؤكد أوضح أوضحت "
        "اوضح اوضحت يوضح أشار أشارت اشار اشارت يشير بين بينت بيّن بيّنت لفت لفتت ذكر ذكرت "
        "أعلن أعلنت اعلن اعلنت صرح صرحت شدد شددت أفاد أفادت افاد افادت اعتبر اعتبرت رأى رأت "
        "تابع تابعت أردف أردفت كشف كشفت نوه نوهت أعرب أعربت طالب طالبت دعا دعت حث حثت حذر "
        "حذرت نفى نفت توقع توقعت أكّد أوضّح يرى ترى يعتبر تعتبر يعتبرون جاء أظهر أظهرت "
        "اشترط اشترطت أهاب أهابت نقل نقلت وفقا وفقًا طبقا تدعو يدعو شدد"
    ),
    participles=words(
        "مضيفا مضيفًا مضيفة مشيرا مشيرًا مشيرة لافتا لافتًا لافتة مؤكدا مؤكدًا مؤكدة موضحا "
        "موضحًا موضحة داعيا داعيًا داعية معتبرا معتبرًا معتبرة معربا معربًا معربة منوها "
        "منوهًا مشددا مشددًا محذرا محذرًا مثمنا مثمنًا مبينا مبينًا"
    ),
    reporting=frozenset(),
    adverbials=frozenset(),
    complementisers=(
        "إلى أن",
        "الى أن",
        "إلى ان",
        "الى ان",
        "على أن",
        "بأن",
        "بان",
        "أنه",
        "إنه",
        "انه",
        "أنها",
        "إنها",
        "انها",
        "أنهم",
        "إنهم",
        "أن",
        "إن",
        "ان",
        "فإن",
        "فان",
    ),
    governed={
        "إلى": words(
            "أشار أشارت اشار اشارت يشير لفت لفتت دعا دعت تدعو يدعو مشيرا مشيرًا مشيرة لافتا "
            "لافتًا لافتة داعيا داعيًا داعية"
        ),
        "على": words("أكد أكدت اكد اكدت شدد شددت حث حثت مؤكدا مؤكدًا مشددا مشددًا"),
        "عن": words("أعرب أعربت كشف كشفت أعلن أعلنت معربا معربًا"),
        "من": words("حذر حذرت محذرا محذرًا"),
    },
    ambiguous=words("بين"),
    before_speaker=words(
        "في خلال أمام اليوم أمس يوم عقب قبيل بعد عبر ضمن لدى عن من على حول الأحد الاثنين "
        "الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت صباح مساء الذي التي خلال أثناء إلى الى "
        "فيه فيها له لها به بها"
    ),
    titles=words(
        "وزير الوزير رئيس الرئيس المتحدث الناطق مدير المدير الأمين السفير سفير الشيخ الدكتور "
        "د. المهندس الأمير الملك اللواء العقيد العميد الفريق النائب نائب عضو المستشار مستشار "
        "محافظ المحافظ أمير قائد القائد المبعوث مبعوث المفوض زعيم زعيمة رئيسة وزيرة مديرة "
        "المتحدثة الناطقة الخبير خبير الباحث المحلل"
    ),
    organisations=words(
        "وزارة الوزارة اللجنة لجنة المنظمة منظمة الجمعية جمعية الهيئة هيئة المجلس مجلس "
        "الحكومة حكومة الشركة شركة البنك بنك الجيش الشرطة الوكالة وكالة صحيفة الصحيفة جامعة "
        "الجامعة مركز المركز مؤسسة المؤسسة الاتحاد اتحاد التحالف الحزب حزب المصنع البيان "
        "بيان التقرير تقرير الأمم المفوضية مفوضية الإدارة إدارة مكتب المكتب المحكمة الجهاز "
        "جهاز الموقع موقع الإحصاء الاحصاء"
    ),
    groups=words(
        "مصادر مصدر المسؤولون مسؤولون شهود سكان مسلحون المتمردون الحوثيون الطرفان الطرفين "
        "الخبراء خبراء المحللون محللون المعارضون ناشطون"
    ),
    pronouns={},
    prefixes=("و", "ف"),
    honorifics=words(
        "الدكتور الدكتورة د. المهندس المهندسة الشيخ الشيخة الأستاذ الأستاذة السيد السيدة "
        "اللواء العقيد العميد الفريق المقدم الرائد النقيب الأمير الأميرة الجنرال الأدميرال"
    ),
    min_words=8,
)

SPEECH = {"en": ENGLISH, "ar": ARABIC}
"""The tables by primary language subtag."""
