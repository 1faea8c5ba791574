"""Words that shape names in English news: titles and roles, organisation heads, pronouns.

No person or story is listed here, only the general vocabulary of news writing that
tells a name ("Secretary of State Jane Roe") from its title, a person from an
organisation ("the Foreign Ministry") or a country, and a source ("a spokeswoman")
from other nouns.  The only proper names are the world's countries, the US states and
a few capitals, which act as sources ("Norway said") but are never people.
"""

from __future__ import annotations

#: Titles and roles written before a name; stripped from the canonical name.
TITLES = frozenset(
    """
    president vice secretary minister prime deputy foreign defense defence interior finance trade state
    senator sen sen. sens sens. rep rep. reps reps. govs govs. representative congressman congresswoman congressmember gov gov. governor
    lt lt. lieutenant mayor councilman councilwoman councillor judge justice chief chairman chairwoman chair
    chairperson director ambassador envoy spokesman spokeswoman spokesperson press adviser advisor
    aide coordinator commissioner attorney general gen gen. col col. colonel major maj maj. capt capt. captain
    sgt sgt. sergeant admiral adm adm. officer agent inspector superintendent commander leader
    mr mr. mrs mrs. ms ms. miss dr dr. prof prof. professor rev rev. reverend father sister brother pope
    king queen prince princess sheikh emir president-elect nominee candidate speaker whip
    chancellor premier counsel strategist pollster economist analyst founder ceo cfo coo executive
    manager editor reporter columnist correspondent anchor host author writer producer spokesmen
    national security council house white senate congressional democratic democrat republican gop u.s. us un u.n.
    former acting incoming outgoing then top senior new late junior assistant associate special
    campaign party state-run official officials homeland justice labor labour health education energy
    treasury commerce transportation agriculture veterans affairs of the pm mp diplomat lawmaker activist
    researcher scientist actor actress singer coach player star businessman businesswoman billionaire developer
    investor lawyer prosecutor historian teacher pastor priest rabbi imam bishop archbishop cardinal ayatollah patriarch monsignor consultant operative
    donor challenger incumbent rival secretary-general ally confidant backer sir dame journalist staff commentator pundit comedian
    senators republicans democrats celebrities presidents floridians texans californians sheriff marshal alderman
    """.split()
)

#: Final words of a capitalised run that make it an organisation or place, not a person.
ORG_HEADS = frozenset(
    """
    house department ministry office council committee commission agency administration government
    party campaign university college school institute foundation center centre association union
    league court congress senate parliament assembly board bureau service services corporation corp
    company inc co group times post news journal press network channel television tv radio magazine
    review herald tribune telegraph guardian reuters bloomberg cnn nbc abc cbs fox msnbc ap afp xinhua
    bank fund organization organisation forces army navy police guard embassy mission alliance nations
    coalition caucus pac cabinet kremlin pentagon state states republic kingdom federation commonwealth
    county city province region district island islands sea ocean river street avenue hall square
    club team church mosque temple tower building force forces hotel arena stadium center plaza park bridge media today daily weekly street journal initiative program programme
    project watch monitor institution reserve authority authorities exchange market markets airport
    convention conference summit forum
    united register insider act lodge palace poll award command dinner pledge enforcement list room valley
    strip library anonymous abroad workers machines attacks fathers outlets legend
    war wars chiefs revolution movement treaty amendment crisis train things presse
    studies sciences affairs relations research laboratory laboratories
    """.split()
)

#: Lower-case heads of a noun phrase that can be the source of a quote.
SOURCE_NOUNS = frozenset(
    """
    radio broadcaster broadcasters station channel wire daily tabloid
    official officials spokesman spokeswoman spokesperson spokespeople representative representatives aide aides
    adviser advisers advisor advisors source sources media television tv agency agencies newspaper paper
    network outlet outlets website report reports statement statements release campaign administration
    government ministry department committee commission council office court judge lawyer lawyers attorney
    attorneys prosecutor prosecutors police analyst analysts expert experts critic critics supporter supporters
    opponent opponents lawmaker lawmakers legislator legislators senator senators congressman congresswoman
    governor mayor president leader leaders minister ministers diplomat diplomats envoy secretary chairman
    chairwoman chair director executive executives founder manager candidate candidates nominee democrats
    republicans conservatives liberals progressives activists activist witness witnesses residents people
    voters poll polls survey study researchers scientists economists doctors officers group groups union
    unions party parties organizers organisers authorities authority military army spokesmen pundits observers
    insiders members member staff staffer staffers strategist strategists pollster pollsters commentator
    commentators editorial editors editor reporter reporters columnist correspondent host author authors
    document documents letter memo filing lawsuit complaint ruling data figures estimates sides side
    officer sheriff chief general admiral commander investigators investigators regulators economist
    teachers workers students parents families company companies firm firms bank banks industry
    historian historians professor scholar scholars woman man women men investor spokesperson friend friends neighbor neighbors resident
    person persons individual individuals insider veteran veterans delegate delegates volunteer volunteers
    attendee attendees participant participants readout transcript playbook reply analysis account tally notice
    user users blogger bloggers commenter commenters viewer viewers caller callers fan fans ally allies
    ad ads email emails
    publication publications magazine magazines newsletter blog blogs journal journals footnote article articles caption message messages voice
    boy boys girl girls child children kid kids teenager teenagers teen teens mother father mom dad wife husband son daughter
    protester protesters demonstrator demonstrators employee employees owner owners farmer farmers customer customers
    voter worker teacher supporter opponent critic researcher scientist doctor investigator student parent
    magnate magnates mogul moguls tycoon tycoons billionaire billionaires millionaire businessman businesswoman businessmen
    entrepreneur entrepreneurs anchor anchors star stars celebrity celebrities
    """.split()
)

#: Names of peoples and groups, never a person's last name ("African Americans", "Cuban American")
GROUP_NAMES = frozenset(
    "american americans european europeans african africans asian asians hispanic hispanics latino latinos latina latinas"
    " muslims christians jews arabs republicans democrats".split()
)

#: Personal pronouns that can be the subject of a speech verb, with their number.
PRONOUNS = {"he": "he", "she": "she", "they": "they", "i": "i", "we": "we", "it": "it", "who": "who"}

#: Words that open a noun phrase.
DETERMINERS = frozenset("the a an his her its their our my your this that these those each every some any both".split())

#: Words that can sit between a subject and its speech verb ("Roe on Tuesday said").
ADVERBS = frozenset(
    """
    also first finally eventually ultimately soon later earlier previously then again recently repeatedly once often frequently has had have would will
    did does do was is had already still further separately privately publicly reportedly flatly quickly
    simply only immediately initially subsequently openly bluntly candidly angrily just even never not long always often consistently
    has also had also has since last this on monday tuesday wednesday thursday friday saturday sunday
    yesterday today tonight week month year weekend night morning afternoon evening
    """.split()
)

WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())

#: Countries, US states and world regions: sources ("China said") but never people.
PLACES = frozenset(
    """
    afghanistan albania algeria angola argentina armenia australia austria azerbaijan bahrain bangladesh belarus
    belgium bolivia bosnia brazil britain bulgaria burma cambodia cameroon canada chad chile china colombia congo
    croatia cuba cyprus czechia denmark ecuador egypt england eritrea estonia ethiopia europe finland france georgia
    germany ghana greece guatemala haiti honduras hungary iceland india indonesia iran iraq ireland israel italy
    jamaica japan jordan kazakhstan kenya korea kosovo kuwait laos latvia lebanon liberia libya lithuania mali
    mexico moldova mongolia morocco mozambique myanmar nepal netherlands nicaragua niger nigeria norway oman
    pakistan palestine panama paraguay peru philippines poland portugal qatar romania russia rwanda scotland
    senegal serbia singapore slovakia slovenia somalia spain sudan sweden switzerland syria taiwan tajikistan
    tanzania thailand tunisia turkey uganda ukraine uruguay uzbekistan venezuela vietnam wales yemen zambia zimbabwe
    africa asia america americas antarctica arctic beijing moscow washington london paris berlin tokyo kyiv kiev
    brussels tehran jerusalem pyongyang seoul delhi
    alabama alaska arizona arkansas california colorado connecticut delaware florida hawaii idaho illinois
    indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi missouri
    montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas utah vermont virginia wisconsin wyoming
    """.split()
)

#: Capitalised words that start sentences or name things but never people.
NOT_NAMES = frozenset(
    """
    the a an and but or if as at by for from in into of on to with without after before during since
    until while when where why how what who which that this these those there here then than so yet
    he she it they we i you his her its their our my your him them us me
    mr mrs ms dr sen rep gov
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    also asked according although both either neither however moreover furthermore nevertheless nonetheless
    instead indeed thus therefore yesterday tonight earlier later first second finally overall though however meanwhile still even just some many most more
    watch read learn show click also related advertisement updated photo video
    god christmas easter covid
    nobody
    outside inside within upon among amid amidst across around behind beyond near despite like unlike via per
    through throughout toward towards against between beneath under over about above below off onto
    don't don’t doesn't doesn’t didn't didn’t can't can’t won't won’t isn't isn’t wasn't wasn’t aren't aren’t
    got get let please now today tomorrow not no yes oh well perhaps maybe
    besides regardless ultimately sometimes often afterward afterwards additionally likewise otherwise hence
    consequently accordingly anyway admittedly apparently clearly certainly surely undoubtedly notably
    importantly separately similarly ironically unfortunately fortunately interestingly basically
    """.split()
)
