package testmodel

// words are the whole words the vocabulary holds, each with a "▁" prefix
// and every prefix of that: the most frequent words of English climate
// claims, most frequent first, then words of causal explanations.
const words = `
the of and in to is that warming global climate The by are as have on CO has than from
ice for not more change it be temperature sea carbon years was at been with temperatures
will emissions level an rise which we or there scientists dioxide year over this
greenhouse Earth no about record levels would past atmosphere Arctic IPCC century human
were they since could data much other increase all most effect ocean evidence world
natural trend its into planet Climate heat In caused solar but energy gas per last can
surface cooling one said up between if now models atmospheric likely less show weather
time recent had Global so when only degrees due water warmer may long humans term rising
because increasing cause around study any also high new even decades their predicted far
found Greenland times changes But While events There made out many percent Antarctica
low th two our causing gases amount average cent such too just polar half today extreme
during make impact We cold If United increased measurements shows rate what air sun you
significant activity like observed do being say oceans mean ago peer some studies It
major report very fact research Antarctic When scientific man land melting period
satellite warm reviewed increases little while mass summer fossil Sea Ice Australia
Change published few coral result This small million he means five glaciers three
according used accelerating higher coming through stations both States already who might
degree science worse records end El feet them model decline enough trends where warmest
cycle forests every Great Warming see Scientists NASA never rapid seen re become large
future people how after influence actually coal sheet should part Celsius these lower
loss feedback Obama us primary fuels ever does total pollution Ni life floods several
parts decade system find above across vapor Fahrenheit well predictions based wind going
clear including down did need those nothing shown scientist different off University
sensitivity negative growing finds current earth then periods called ve seem isn
consensus variability before six use mid role number hot For began costs early claims
near cycles occurred effects Ocean Pacific radiation regions way Over Reef same experts
next factors recently suggests case papers nearly fast occurring area oil still history
However known account relatively winter Paris changing health problem methane cost put
wet numbers short phase bears They Barrier slow Age simply actual Warm So yet NOAA
suggest Panel followed stable As days driven oxygen correlation concentration get areas
Dr cooler currently set dry scale his estimate expected strong think forcings power drop
jobs impacts least positive rays paper tax population slightly burning claim More
related Period until says making empirical colder Intergovernmental computer reduce
Carbon industrial heating clouds reports showing conditions occur main sheets billion
process risen responsible without America agree droughts causes becoming hurricanes
drought point add fall intense New state extent leading independent good cannot faster
observations entire acidification cover rapidly response forcing space confirmed age
tell bleaching pollutant plants West Medieval happen again waters continue food Alaska
January aerosols getting linked event under almost content threat larger makes work back
CRU Nature melt anthropogenic upper first another countries month northern flooding
analysis risk central affect thousands explain South storm predict jet stream
precipitation appears researchers National balance centuries largely don absorbed cloud
release net Water variations provide lead lines cosmic Hansen government doubling gone
bear recorded claimed previously certainly Trump late normal despite great thought told
feedbacks each extremely compared vapour present greener Little tree longer Research
particularly showed difference leads led results resulting therefore thus explains
explanation reason reasons support supports refute refutes true false information
however although whether must decrease decreases rises falls growth reduces reduced
affects affected drives depends link onto heats trapped traps absorb absorbs releases
melts melted emit concentrations fuel activities
`
