"""The word lists and limits speaker attribution uses: general English news grammar, in one place.

Nothing here names a topic, a person or an outlet; each list is what news prose uses to say who
speaks (speech verbs), who someone is (titles), and which subjects are groups or documents.
"""

from __future__ import annotations

# Verbs that report speech or writing, in the forms news uses ("said", "says", "told", "noting").
SPEECH_VERBS = frozenset("""
said says say told tells tell added adds noted notes stated states argued argues explained explains
warned warns emphasized emphasizes emphasised emphasises stressed stresses wrote writes asked asks
replied replies insisted insists claimed claims suggested suggests acknowledged acknowledges
announced announces observed observes remarked remarks recalled recalls predicted predicts
alleged alleges accused accuses estimated estimates urged urges cautioned cautions concluded
concludes contended contends admitted admits conceded concedes testified
tweeted posted responded responds confirmed confirms reported reports believes believed advised
advises complained complains recommended recommends echoed echoes quipped quips
stating saying adding noting arguing warning explaining claiming insisting reporting
rebutted rebuts countered counters retorted retorts shouted shouts
note warn argue claim insist explain suggest acknowledge urge contend admit stress emphasize emphasise
allege assert
promised promises pledged pledges vowed vows reiterated reiterates reaffirmed reaffirms
telling cited cites
""".split())
# Speech verbs news puts before their subject at the end of a sentence ("…, said Name, role.").
INVERTING_VERBS = frozenset("""
said says added adds wrote writes asked asks noted notes explained explains argued argues recalled
recalls replied replies warned warns observed observes remarked remarks concluded concludes insisted
insists countered counters continued continues
""".split())
# Verbs a document (study, report) "speaks" with, besides the speech verbs.
# Verbs that report speech only when a quotation follows them ("called it “toxic”", "described X as
# “…”", "demanding “…”"); without one they name other acts ("called a meeting"). A speech verb in
# the same sentence comes first.
QUOTING_VERBS = frozenset("""
called calling described describes describing dubbed demanded demanding views sees characterized
continued continues
characterizes characterised characterises
praised praises criticised criticized criticises criticizes condemned condemns hailed hails welcomed
welcomes branded brands labelled labeled slammed slams blasted blasts
""".split())
# Words after a speech verb that make it another verb ("adds to the discussion").
NOT_SPEECH_AFTER = {
    "adds": "to", "added": "to", "adding": "to", "add": "to", "responded": "with", "responds": "with",
    "accused": "of",  # "people accused of crimes": a passive, no speech
}
# Verbs that report speech only with the word after them ("the airmen pointed out", "Name maintained
# that …"; not "Country maintains ties", "agreed to pay").
SPEECH_WITH_PARTICLE = {
    "pointed": "out", "points": "out", "pointing": "out", "maintained": "that", "maintains": "that",
    "agreed": "that", "agrees": "that",
}
# Endings of adjectives made from a verb ("GOP-led states", "state-run media"): the word after is a noun.
COMPOUND_ADJECTIVE_ENDINGS = ("-led", "-run", "-based", "-owned", "-backed", "-controlled", "-funded")
DOCUMENT_VERBS = frozenset("""
found finds showed shows concluded concludes revealed reveals read reads discovered discovers
""".split())
# "X published a report, saying ..." : the publisher speaks.
PUBLISH_VERBS = frozenset("published publishes released releases issued issues".split())
# Words between a subject and its speech verb that do not change who speaks ("Name has also said").
AUXILIARIES = frozenset("""
has have had also later then previously recently once would will earlier again further
himself herself themselves itself
""".split())
# Words that open a clause before its subject ("However, he said"; "And as experts suggest").
# Words that start a subordinate clause: the speaker's clause begins after them ("... when he said").
SUBORDINATORS = ("that", "when", "while", "because", "after", "before", "since", "if", "as", "although")
CLAUSE_OPENERS = frozenset("and but as however yet so while although though instead meanwhile then".split())
# Words that open a relative clause before its subject ("…, which she said …").
RELATIVES = frozenset("which who whom that".split())
DETERMINERS = frozenset("""
the a an this that these those some many several other one its their both each all every
""".split())
# Determiners that make the next word a noun ("the reports", "the Name Ship"); "that" may open a
# clause instead ("that Name said").
NOUN_DETERMINERS = DETERMINERS - {"that"}
PRONOUNS = {"he": "person", "she": "person", "they": "group", "it": "group"}
# The pronoun that stands for a person, from a gendered word in their title, role or honorific.
GENDERED_WORDS = {
    "he": frozenset("""
mr spokesman chairman congressman councilman assemblyman alderman husband son father brother nephew
widower king prince duke sir lord businessman
""".split()),
    "she": frozenset("""
mrs ms miss spokeswoman chairwoman congresswoman councilwoman assemblywoman wife daughter mother
sister niece widow queen princess duchess dame lady businesswoman
""".split()),
}
# Words before a speech verb that make it a noun ("his remarks", "their claims").
POSSESSIVES = frozenset("his her their its our my your".split())
# Days and months: never part of a name ("Monday Name said").
TIME_WORDS = frozenset("""
monday tuesday wednesday thursday friday saturday sunday january february march april may june july
august september october november december
""".split())

# Words of a title or job ("former deputy managing director", "Finance Minister", "coauthor").
TITLE_WORDS = frozenset("""
minister president director secretary spokesperson spokesman spokeswoman chief governor senator
representative economist professor analyst researcher chairman chairwoman chair executive officer
ceo cfo coo cto founder cofounder co-founder manager head adviser advisor ambassador laureate
author coauthor co-author coach commissioner lawyer attorney judge mayor leader scientist expert
official editor reporter correspondent strategist deputy premier chancellor general spokesperson
economist historian physician doctor dr prof sen rep gov gen lt col partner owner
president-elect vice-president ceo-elect member fellow lecturer dean principal captain commander
magazine newspaper journal agency outlet broadcaster resident superintendent coroner sheriff
prosecutor detective inspector sergeant treasurer auditor clerk trustee administrator broker
programmer retiree meteorologist speaker astronaut deacon pastor reverend rabbi bishop imam priest
dispatcher nurse teacher student farmer shopkeeper worker volunteer activist advocate
councillor councilor councilman councilwoman alderman legislator
admiral colonel lieutenant brigadier marshal whip
wife husband son daughter mother father brother sister nephew niece cousin widow widower
sister-in-law brother-in-law daughter-in-law son-in-law mother-in-law father-in-law
lawmaker congressman congresswoman assemblyman assemblywoman aide supervisor candidate nominee
""".split())
# Party members and titles that also name other things, before a name ("State Republican Name",
# "Justice Name"; not "Justice Department"): a role only when a person follows.
PARTY_WORDS = frozenset("republican democrat independent libertarian conservative socialist justice".split())
# Endings of job words not listed above ("State Climatologist Name", "Chief Economist Name").
TITLE_SUFFIXES = ("ist", "ologist", "ian")
# Abbreviated titles written with a period before a name ("Dr. Name").
HONORIFICS = ("Dr", "Prof", "Gov", "Sen", "Rep", "Gen", "Lt", "Col", "Sgt", "Mr", "Mrs", "Ms", "St")
# What an abbreviated title stands for ("Gov. Name" is "the governor").
TITLE_ABBREVIATIONS = {
    "gov": "governor", "sen": "senator", "rep": "representative", "gen": "general", "prof": "professor",
    "dr": "doctor", "lt": "lieutenant", "col": "colonel", "sgt": "sergeant", "atty": "attorney",
}
# Words after a surname that are part of the name ("Name Surname Jr.", "Name Surname III").
NAME_SUFFIXES = ("Jr", "Sr", "II", "III", "IV")
NUMBER_WORDS = frozenset("""
two three four five six seven eight nine ten eleven twelve dozens hundreds thousands millions
""".split())
# Groups whose findings are what they say ("researchers found …").
RESEARCH_GROUPS = frozenset("researchers scientists authors analysts economists".split())
# Heads of phrases that name a group or an organisation rather than a person.
GROUP_WORDS = frozenset("""
experts economists analysts officials sources source researchers critics observers scientists
authorities residents witnesses police investigators prosecutors lawmakers officers diplomats
administration government ministry department company agency spokespeople organizers organisers
campaign office committee commission council union association federation group team party
others advocates providers leaders authors media outlets organizations organisations supporters
backers voters opponents protesters members fans parents
republicans democrats conservatives liberals progressives moderates
troops soldiers airmen sailors pilots crew employees staff workers people
""".split())
# "The agency said", "the company added": a definite institution noun alone stands for the last
# group named before it, as a title alone ("the doctor said") stands for the last person.
INSTITUTION_NOUNS = frozenset("""
agency company ministry department government administration organization organisation firm board
university institute school hospital bank automaker carmaker airline retailer manufacturer lender
insurer network platform studio group coalition alliance charity nonprofit
magazine newspaper journal outlet broadcaster site website publication foundation center centre
society service authority
league union party office commission committee council court team campaign federation association
""".split())
# Words before a name that make it an object rather than someone a pronoun could stand for
# ("the death of X", "a call with X").
OBJECT_MARKERS = frozenset("of with by to for from in at on about against into".split())
# Words that open a phrase, never a subject ("During the meeting, Name said").
PREPOSITIONS = OBJECT_MARKERS | frozenset("""
during amid despite following after before since until throughout under over among between near
within without across beyond toward towards through upon via per
""".split())
# Nouns for a document that "says" something ("the study found"; "according to the report").
DOCUMENT_NOUNS = frozenset("""
article report study commentary survey paper analysis statement poll review research editorial
column piece letter filing document memo release
""".split())
# Capitalised words that make a name an organisation, not a person.
ORGANISATION_WORDS = frozenset("""
university institute department ministry agency association federation council committee
commission company corporation inc ltd bank fund group foundation office administration
government house party union league court school center centre network program programme service
academy society organization organisation coalition alliance authority
""".split())

MAX_TRAILER_WORDS = 6  # "…, he said on Monday in a statement.": words after a verb that ends a sentence
MAX_SPEAKER_WORDS = 10  # a subject longer than this is a clause, not a speaker
MAX_PARTICLE_CHARS = 3  # "Al-", "El-": a prefix this short before a hyphen is a particle of a surname
MAX_ROLE_CHARS = 160  # an apposition longer than this is not a role
PRONOUN_LOOKBACK = 8  # sentences searched back for the person a pronoun stands for
QUOTE_LOOKBACK = 3  # sentences searched back for the speaker of an unattributed quotation
