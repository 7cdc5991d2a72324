"""Word lists the normaliser leans on (app.chat.normalise): everyday words it must never
"correct", and verbs typed without their final g. Data only."""

from __future__ import annotations

VOCABULARY = frozenset("""
a able about above after again ago alive all alone already also always am an and angry
anxiety anxious any anymore anyone anything apple are arm arms around as ask asked at away
baby back bad badly be because bed been before being better big bitter bleed bleeding
blood bloody body bored boyfriend brother bully bullied burn burning but by bye call calling
can cannot care cool coming cry crying cut cuts cutting dad day days dead deep death
depressed depression did die died dies dinner do does doing done door down drink drunk dying
eat eating else end ended ending enough even ever every everyone everything exam exams
family fat feel feeling feelings feels fell felt fight fine floor food for forever free
friend friends from full fun funny get gets getting girl girlfriend go goes going gone good
got great had happy harm harming has hate hated hates have having he head hell hello help
helping her here hey hi him his hit hits hitting home hope how hurt hurting hurts i if ill
in is it its just keep kill killed killer killing kills knife know last laugh laughing less
life like literally little live living lol lonely look looking lost lot love mad make mate
me mean mess mind miss mood more mum my myself need needs never nice night no nobody not
nothing now nudes of off oh ok okay omg on one only or other our out over overdose
overdosed pain people pill pills please poor pretty really right room sad said saying same
scared school see seeing seen self she shit should sick sister skin sleep sleeping small so
someone something soon sorry still stop stopping stress stressed stuff suicidal suicide
summer sweet take taken talk talking teacher tell than thank thanks that the them then there
they thin thing things think thinking this though three through till time tired to today
told tomorrow tonight too took tried try trying ugh unalive until up us very wait waiting
want wanted wants was way we week well were what when where who why will wish with without
woke won worried worry worse worst would wow yeah year yes yet you young your kms
""".split())
# Verbs often typed without their final g ("tellin", "bleedin", "comin"): only these, so that
# real words ending in -in (skin, twin, pin) are left alone.
G_DROPPED = frozenset("""
asking begging beating blackmailing burning chatting dragging drinking disappearing feeling
going grafting grooming hanging hiding kicking kissing knocking leaving messaging planning
punching running screaming sending shaking shouting smoking starving stabbing telling
threatening touching vaping working jumping slapping choking grabbing scratching
""".split())
