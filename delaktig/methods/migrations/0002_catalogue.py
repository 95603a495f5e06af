"""The method catalogue (metodbank) every municipality starts with.

Each method named in DOMAIN.md, described for process leaders from the seed
documents (Piteå's handbook, Huddinge's participation spectrum, Arvika's
framtidsgrupper, SKL's method list). Slugs are stable: demo data, tests and
dialogues refer to them. ``registry_key`` stays empty until a method app that
runs the method exists; that app links itself with its own data migration.

The content is kept in this file rather than imported from the app, so that the
migration means the same thing whenever it runs.
"""

from django.db import migrations

ONLINE, OFFLINE, BOTH = "online", "offline", "both"
LOW, MEDIUM, HIGH = 1, 2, 3

METHODS = [
    # ---------------------------------------------------------------- online
    {
        "slug": "enkat",
        "name": "Enkät",
        "summary": (
            "Frågor som många invånare besvarar på nätet eller på papper. Ger jämförbara "
            "svar från en stor grupp."
        ),
        "description": (
            "En enkät är ett frågeformulär med färdiga frågor: flerval, kommunens gemensamma "
            "betygsskala, rangordning, fritext, siffror, datum eller en plats på kartan. "
            "Invånarna svarar när det passar dem, på nätet eller på papper, och svaren kan "
            "sammanställas direkt och jämföras mellan grupper.\n\n"
            "Bestäm först vad svaren ska användas till. Ställ bara de frågor du behöver, en sak "
            "per fråga, med ord som invånarna själva använder. Använd den gemensamma skalan när "
            "svaren ska gå att jämföra med andra undersökningar. Testa enkäten på några personer "
            "innan du skickar ut den.\n\n"
            "Välj om enkäten ska vara anonym och om den ska ha en öppen länk eller personliga "
            "inbjudningar till ett urval. En öppen länk når dem som redan är intresserade; ett "
            "slumpmässigt urval ger en bild av hela befolkningen. Redovisa resultaten uppdelade "
            "på kön, och se till att ingen går att känna igen i små grupper."
        ),
        "when_to_use": (
            "När du vill veta vad många tycker om en avgränsad fråga, till exempel att välja "
            "mellan förslag eller betygsätta en verksamhet. Passar den som har ont om tid, "
            "eftersom man svarar när man vill. Passar inte när frågan är komplex och deltagarna "
            "behöver samtala för att förstå den – kombinera då med ett möte. Samordna med andra "
            "enkäter så att samma målgrupp inte får flera samtidigt."
        ),
        "levels": [2],
        "mode": BOTH,
        "size": (1, None),
        "effort": MEDIUM,
        "cost": LOW,
        "suits": ["alla", "barnfamiljer", "unga", "aldre", "funktionsnedsattning", "foretagare"],
    },
    {
        "slug": "konsultation-alternativ",
        "name": "Konsultation om alternativ",
        "summary": (
            "Invånarna väljer mellan färdiga alternativ, till exempel förslag A eller B, och "
            "kan motivera sitt val."
        ),
        "description": (
            "Tjänstepersonerna tar fram två eller flera alternativ som politikerna har godkänt. "
            "Alternativen beskrivs på samma sätt, med bilder, kostnader och vad de innebär, så "
            "att de går att jämföra. Invånarna väljer det alternativ de föredrar och skriver "
            "gärna ett argument för sitt val. Argumenten visas för andra, så att de som kommer "
            "senare kan läsa hur andra har resonerat.\n\n"
            "Det här är konsultation i sin renaste form: frågan är redan avgränsad och "
            "politikerna beslutar. Var därför tydlig med vad som redan är bestämt, vad som går "
            "att påverka och hur resultatet vägs in i beslutet. Säg också om alternativen kan "
            "komma att ändras efter dialogen."
        ),
        "when_to_use": (
            "När professionen har tagit fram genomförbara alternativ och politikerna verkligen "
            "kan tänka sig vart och ett av dem, till exempel två utformningar av en park eller "
            "två platser för en ny förskola. Passar inte tidigt i processen, när du ännu inte "
            "vet vilka lösningar som finns – välj då idéinsamling eller ett möte."
        ),
        "levels": [2],
        "mode": ONLINE,
        "size": (1, None),
        "effort": MEDIUM,
        "cost": LOW,
        "suits": ["alla", "barnfamiljer", "unga", "boende-i-omradet"],
    },
    {
        "slug": "ideinsamling",
        "name": "Idéinsamling",
        "summary": (
            "Invånarna lämnar idéer på nätet, kommenterar och stöder varandras idéer. Kommunen "
            "svarar på varje idé."
        ),
        "description": (
            "Du ställer en öppen fråga, till exempel ”Hur kan hamnområdet bli en plats för "
            "fler?”. Invånarna lämnar idéer med text, gärna en bild och en plats på kartan. "
            "Andra kan kommentera och trycka på ”Jag stöder”, så att det syns vilka idéer som "
            "engagerar flest.\n\n"
            "Varje idé får en status och ett svar från kommunen: att den utreds, genomförs eller "
            "inte går att genomföra, och varför. Det är svaren som gör idéinsamlingen "
            "trovärdig. Planera därför tid för att läsa, svara och moderera under hela "
            "perioden, och berätta vad som hände med idéerna när beslutet är fattat.\n\n"
            "Antalet stöd är ingen omröstning. Det visar vad som engagerar, men de som är "
            "aktiva på nätet är inte alla invånare."
        ),
        "when_to_use": (
            "Tidigt i en process, när du vill veta vilka behov och lösningar invånarna ser, "
            "eller som en stående kanal under en längre utvecklingsperiod. Kombinera med "
            "uppsökande metoder om du vill höra fler än dem som redan är vana att skriva på "
            "nätet."
        ),
        "levels": [2, 3, 4],
        "mode": ONLINE,
        "size": (1, None),
        "effort": MEDIUM,
        "cost": LOW,
        "suits": ["alla", "barnfamiljer", "unga", "foreningar", "foretagare"],
    },
    {
        "slug": "diskussion",
        "name": "Diskussion på nätet",
        "summary": (
            "En fråga med argument för och emot, som invånarna diskuterar i kommentarer på nätet."
        ),
        "description": (
            "Du lägger ut en fråga med en kort och saklig bakgrund, gärna med de viktigaste "
            "argumenten för och emot. Invånarna lägger till egna argument, svarar varandra och "
            "ser hela samtalet. Politiker och tjänstepersoner kan delta och svara på frågor om "
            "fakta.\n\n"
            "En diskussion behöver moderering. Bestäm i förväg vilka regler som gäller, vem som "
            "modererar och hur snabbt, och skriv reglerna tydligt på sidan. Sammanfatta "
            "argumenten när diskussionen stänger – en lång tråd blir inte beslutsunderlag av "
            "sig själv."
        ),
        "when_to_use": (
            "När frågan har flera sidor och du vill att invånarna ska höra varandras argument, "
            "men det är svårt att samla alla på samma plats. Öppna diskussioner domineras ofta "
            "av ett fåtal aktiva röster. Fråga dig vilka som inte hörs, och komplettera med "
            "metoder som söker upp dem."
        ),
        "levels": [3],
        "mode": ONLINE,
        "size": (1, None),
        "effort": MEDIUM,
        "cost": LOW,
        "suits": ["alla", "foreningar"],
    },
    {
        "slug": "pastaenden",
        "name": "Påståenden och åsiktskarta",
        "summary": (
            "Invånarna tar ställning till korta påståenden – håller med, håller inte med eller "
            "vet inte – och kan lägga till egna. Resultatet visar åsiktsgrupper och vad som "
            "förenar dem."
        ),
        "description": (
            "Du börjar med ett tiotal korta påståenden om frågan, till exempel ”Hamnen ska ha "
            "fler platser att bada från”. Deltagarna tar ställning till påståendena ett i "
            "taget: håller med, håller inte med eller vet inte. De kan också skriva egna "
            "påståenden, som andra tar ställning till efter moderering.\n\n"
            "Delaktig grupperar deltagarna efter hur de har röstat och visar åsiktsgrupperna, "
            "vilka påståenden som skiljer grupperna åt och vilka nästan alla håller med om. Då "
            "syns både samsynen och konflikterna, utan att någon behöver skriva långa "
            "inlägg.\n\n"
            "Skriv påståenden som är korta, handlar om en sak och går att hålla med eller inte "
            "hålla med om. Åsiktsgrupperna blir tydliga först när några tiotal personer har "
            "deltagit."
        ),
        "when_to_use": (
            "När du vill förstå hur åsikterna fördelar sig i en fråga där många tycker olika, "
            "och hitta det som förenar. Det går snabbt att delta och fungerar bra i mobilen, "
            "vilket passar unga och den som har ont om tid. Passar mindre bra när frågan kräver "
            "mycket bakgrundskunskap."
        ),
        "levels": [2, 3],
        "mode": ONLINE,
        "size": (20, None),
        "effort": MEDIUM,
        "cost": LOW,
        "suits": ["alla", "unga", "barnfamiljer"],
    },
    {
        "slug": "kartsynpunkter",
        "name": "Kartsynpunkter",
        "summary": (
            "Invånarna sätter nålar på en karta med en kategori och en kommentar, till exempel "
            "platser som känns otrygga eller behöver åtgärdas."
        ),
        "description": (
            "Du väljer ett område på kartan och några kategorier, till exempel ”otryggt”, "
            "”trafikfara”, ”bra plats” och ”idé”. Invånarna sätter en nål där de vill, väljer "
            "kategori och skriver en kort kommentar. Andra kan se nålarna och hålla med.\n\n"
            "Synpunkterna är knutna till en plats, vilket gör dem lätta att lämna vidare till "
            "den verksamhet som ansvarar för platsen. Kartan fungerar som en trygghetsvandring "
            "på nätet och kan kombineras med en vandring på plats, så att även de som inte "
            "använder kartan kommer med.\n\n"
            "Se till att det finns ett annat sätt att lämna samma synpunkt, till exempel att "
            "skriva en adress, för den som inte kan använda en karta."
        ),
        "when_to_use": (
            "När frågan handlar om platser: trygghet, trafik, grönområden eller var något ska "
            "byggas. Passar boende i ett område, som känner sin närmiljö bäst. Mindre lämplig "
            "när frågan inte går att knyta till en plats."
        ),
        "levels": [2],
        "mode": ONLINE,
        "size": (1, None),
        "effort": MEDIUM,
        "cost": LOW,
        "suits": ["alla", "boende-i-omradet"],
    },
    {
        "slug": "medborgarbudget",
        "name": "Medborgarbudget",
        "summary": (
            "Invånarna lämnar förslag och röstar om hur en del av kommunens budget ska "
            "användas, inom ramar som politikerna har bestämt."
        ),
        "description": (
            "Politikerna bestämmer en summa, ett område och regler: vem som får lämna förslag "
            "och rösta, vilka slags förslag som är möjliga och hur många röster var och en har. "
            "Invånarna lämnar förslag, tjänstepersonerna prövar om förslagen går att genomföra "
            "inom budget och lag, och sedan röstar de som har rätt att rösta. De förslag som "
            "får flest röster inom budgeten genomförs.\n\n"
            "Det här är medbestämmande: invånarnas beslut gäller. Därför måste ramarna vara "
            "tydliga från början, och politikerna måste ha beslutat att följa resultatet. "
            "Förklara varför ett förslag inte går vidare när det stoppas i prövningen.\n\n"
            "Med unga kallas metoden ofta ungdomsbudget. Räkna med att processen tar flera "
            "månader och kostar pengar för information, möten och genomförande, utöver själva "
            "budgeten."
        ),
        "when_to_use": (
            "När politikerna är beredda att lämna över ett verkligt beslut, till exempel hur "
            "pengar till upprustning av en kommundel eller till ungas fritid ska användas. "
            "Passar för att stärka tilliten i ett område och nå dem som inte brukar delta. "
            "Välj inte medborgarbudget om beslutet i praktiken redan är fattat."
        ),
        "levels": [4, 5],
        "mode": BOTH,
        "size": (1, None),
        "effort": HIGH,
        "cost": HIGH,
        "suits": ["alla", "boende-i-omradet", "unga"],
    },
    # --------------------------------------------------------------- meetings
    {
        "slug": "oppet-mote",
        "name": "Öppet möte",
        "summary": (
            "Ett möte som alla kan komma till, där kommunen berättar om en fråga och "
            "deltagarna kan ställa frågor och säga vad de tycker."
        ),
        "description": (
            "Ett öppet möte börjar ofta med en kort presentation av frågan, följd av frågor och "
            "synpunkter från deltagarna. Politiker och tjänstepersoner svarar, och någon "
            "antecknar synpunkterna så att de blir en del av resultatet.\n\n"
            "Stora möten ger lätt ordet åt de vana talarna. Dela gärna in deltagarna i mindre "
            "grupper en stund, använd lappar eller cafémodellen så att fler kommer till tals, "
            "och ha en moderator som fördelar ordet. Välj en tillgänglig lokal, erbjud "
            "hörslinga och tolk, och be om anmälan om du behöver veta vilket stöd som behövs. "
            "Räkna deltagarna per kön och åldersgrupp så att du vet vilka som kom."
        ),
        "when_to_use": (
            "När du vill informera många om en fråga och samtidigt ge möjlighet att ställa "
            "frågor, till exempel i början av ett samråd om en detaljplan. Passar inte som "
            "enda metod om du vill höra dem som sällan går på möten."
        ),
        "levels": [1, 2, 3],
        "mode": OFFLINE,
        "size": (10, 300),
        "effort": MEDIUM,
        "cost": MEDIUM,
        "suits": ["alla", "boende-i-omradet", "foreningar", "aldre"],
    },
    {
        "slug": "cafemodell",
        "name": "Cafémodellen",
        "summary": (
            "Deltagarna går mellan bord med en fråga per bord och skriver sina synpunkter "
            "direkt på pappersduken. En bordsvärd startar samtalet."
        ),
        "description": (
            "Varje bord har en fråga, en vit pappersduk och en bordsvärd. Deltagarna sitter "
            "10–15 minuter vid ett bord, samtalar, skriver och ritar på duken, och byter sedan "
            "bord. Bordsvärden stannar kvar, startar samtalet för varje ny grupp och "
            "sammanfattar kort vad tidigare grupper har sagt.\n\n"
            "Efter mötet skriver du av dukarna. Varje anteckning blir ett bidrag i dialogens "
            "resultat, sida vid sida med det som kommit in på nätet. Fotografera också "
            "dukarna, så att ingenting går förlorat.\n\n"
            "Metoden gör det lätt för många att komma till tals, även för dem som inte vill "
            "prata inför en stor grupp. Förbered bordsvärdarna väl: de ska lyssna och hålla "
            "samtalet igång, inte argumentera."
        ),
        "when_to_use": (
            "När du ska möta många olika personer som själva väljer vilka frågor de vill prata "
            "om, till exempel på ett möte om en kommundels framtid. Passar när frågan går att "
            "dela upp i några tydliga delfrågor."
        ),
        "levels": [2, 3],
        "mode": OFFLINE,
        "size": (12, 150),
        "effort": MEDIUM,
        "cost": MEDIUM,
        "suits": ["alla", "foreningar", "aldre", "boende-i-omradet"],
    },
    {
        "slug": "fokusgrupp",
        "name": "Fokusgrupp",
        "summary": (
            "En gruppintervju med sex till tio personer ur samma målgrupp, som samtalar om "
            "några öppna frågor med en samtalsledare."
        ),
        "description": (
            "En fokusgrupp är ett samtal i en liten grupp där deltagarna har något gemensamt, "
            "till exempel föräldrar till förskolebarn eller företagare i centrum. Du kan leda "
            "den på två sätt: antingen utgår du från några förbestämda, öppna frågeområden, "
            "eller så ställer du en enda fråga och låter deltagarna själva bestämma vad som är "
            "viktigt att prata om. Anteckna synligt för alla, till exempel i en tankekarta, så "
            "att deltagarna kan rätta och komplettera.\n\n"
            "Håll flera fokusgrupper med olika målgrupper om du vill jämföra. Leta efter "
            "likheter och skillnader mellan grupperna och efter de viktigaste "
            "utvecklingsområdena. Fokusgrupper ger djup men inte statistik: skriv inte "
            "”hälften tyckte” om åtta personer."
        ),
        "when_to_use": (
            "När du vill förstå hur en viss grupp tänker och varför, eller kartlägga vad olika "
            "grupper tycker. Passar för grupper som sällan hörs på stora möten, till exempel "
            "personer med funktionsnedsättning eller personer som är nya i Sverige – gärna med "
            "tolk och i en lokal där de redan brukar vara."
        ),
        "levels": [2, 3],
        "mode": OFFLINE,
        "size": (5, 12),
        "effort": MEDIUM,
        "cost": LOW,
        "suits": ["funktionsnedsattning", "utrikes-fodda", "foretagare", "aldre", "unga"],
    },
    {
        "slug": "open-space",
        "name": "Open space",
        "summary": (
            "Deltagarna sätter själva dagordningen: de föreslår ämnen, bildar grupper och "
            "dokumenterar sina samtal."
        ),
        "description": (
            "Mötet börjar med en kort introduktion till den övergripande frågan. Sedan får alla "
            "som vill föreslå ett ämne de brinner för. Ämnena sätts upp på en tavla med tider "
            "och platser, och deltagarna väljer själva vilka grupper de går till – och får byta "
            "grupp när de vill. Den som föreslog ämnet startar samtalet och ser till att det "
            "dokumenteras.\n\n"
            "Open space kräver en öppen fråga och en beställare som är beredd att ta emot "
            "oväntade svar. Avsluta med att alla grupper redovisar kort, gärna med en "
            "prioritering av vad som är viktigast att gå vidare med."
        ),
        "when_to_use": (
            "När du vill ta reda på vilka frågor som är viktigast för deltagarna och få in "
            "många olika lösningar med bred ansats, till exempel inför ett program för kultur "
            "och fritid. Passar när det finns engagemang och frågan är stor. Passar inte när "
            "svaret redan är avgränsat till några alternativ."
        ),
        "levels": [3, 4],
        "mode": OFFLINE,
        "size": (20, 500),
        "effort": MEDIUM,
        "cost": MEDIUM,
        "suits": ["alla", "foreningar", "unga"],
    },
    {
        "slug": "framtidsverkstad",
        "name": "Framtidsverkstad och framtidscafé",
        "summary": (
            "En workshop i tre steg – kritik, drömmar och förverkligande – som slutar i en "
            "handlingsplan."
        ),
        "description": (
            "En framtidsverkstad har tre faser. I kritikfasen beskriver deltagarna vad som inte "
            "fungerar i dag. I fantasifasen drömmer de fritt om hur det skulle kunna vara. I "
            "förverkligandefasen väljer de ut de bästa idéerna och gör en plan: vad ska göras, "
            "av vem och när. Framtidscaféet är en kortare variant i caféform med samma "
            "steg.\n\n"
            "Deltagarna får ett verkligt inflytande över förslagen, och resultatet blir ett "
            "konkret underlag för politikerna. Metoden kräver en van processledare och att "
            "deltagarna kan vara med hela tiden, ofta en heldag eller flera kvällar."
        ),
        "when_to_use": (
            "När du med bred ansats vill planera utvecklingen för en viss grupp eller en "
            "avgränsad fråga, till exempel en ort eller en verksamhet, och vill sluta i en "
            "handlingsplan. Passar när syftet är tydligt och det finns tid och vilja att "
            "arbeta vidare med förslagen."
        ),
        "levels": [4],
        "mode": OFFLINE,
        "size": (10, 40),
        "effort": HIGH,
        "cost": MEDIUM,
        "suits": ["alla", "foreningar", "unga", "boende-i-omradet", "foretagare"],
    },
    {
        "slug": "lunchdialog",
        "name": "Lunchdialog",
        "summary": (
            "Några få frågor på ett kort eller en bordstablett som delas ut på "
            "lunchrestauranger under en dag eller en vecka."
        ),
        "description": (
            "Du skriver två eller tre frågor på ett kort eller en bordstablett, med plats att "
            "svara. Korten delas ut på lunchrestauranger, gärna av en värd som berättar varför "
            "kommunen frågar – det ger betydligt fler svar. Gästerna svarar medan de äter och "
            "lämnar kortet i en låda vid kassan. En länk eller QR-kod på kortet låter den som "
            "vill svara på nätet i stället.\n\n"
            "Välj olika slags lunchställen – personalmatsalar, pizzerior, restauranger i olika "
            "kommundelar – så att du når en bred allmänhet. Skriv av svaren och registrera dem "
            "som bidrag, med antal svar per restaurang."
        ),
        "when_to_use": (
            "När du söker en bred allmänhet som grund för en kartläggning, och särskilt när du "
            "vill nå yrkesverksamma och andra som inte har tid att gå på möten på kvällarna. "
            "Passar korta, konkreta frågor, inte komplexa resonemang."
        ),
        "levels": [2],
        "mode": OFFLINE,
        "size": (1, None),
        "effort": LOW,
        "cost": LOW,
        "suits": ["alla", "barnfamiljer", "foretagare"],
    },
    {
        "slug": "dialogseminarium",
        "name": "Dialogseminarium",
        "summary": (
            "Ett seminarium där deltagarna utbyter tankar om en fråga genom korta inledningar, "
            "samtal i grupp och gemensam reflektion, ofta vid flera tillfällen."
        ),
        "description": (
            "Ett dialogseminarium börjar med att några personer ger olika perspektiv på "
            "frågan, till exempel en sakkunnig, en förening och en politiker. Sedan samtalar "
            "deltagarna i mindre grupper med en samtalsledare, och till sist lyfts det "
            "viktigaste i helgrupp. Syftet är att förstå varandras argument och värderingar, "
            "inte att komma överens.\n\n"
            "Metoden fungerar bäst som en serie med samma deltagare, så att samtalet kan "
            "fördjupas från gång till gång. Dokumentera argumenten, inte bara slutsatserna, "
            "och skicka sammanfattningen till deltagarna före nästa tillfälle."
        ),
        "when_to_use": (
            "När frågan är komplex eller värdeladdad och du vill att invånare, föreningar och "
            "politiker ska resonera tillsammans, till exempel om en vision eller en "
            "prioritering i budgeten. Passar inte för snabba ställningstaganden."
        ),
        "levels": [3],
        "mode": OFFLINE,
        "size": (10, 60),
        "effort": MEDIUM,
        "cost": MEDIUM,
        "suits": ["alla", "foreningar", "aldre", "foretagare"],
    },
    {
        "slug": "radslag",
        "name": "Rådslag",
        "summary": (
            "Samtal i flera steg där invånare, föreningar och politiker väger förslag mot "
            "varandra och kommer fram till ett gemensamt ställningstagande."
        ),
        "description": (
            "I ett rådslag samlas deltagarna, ofta vid flera tillfällen, för att ta del av "
            "underlag, samtala och gemensamt komma fram till vad de rekommenderar. Till "
            "skillnad från ett dialogmöte strävar rådslaget efter ett gemensamt "
            "ställningstagande. Ett rådslag kan också hållas i föreningar och studiecirklar, "
            "som sedan skickar in sina svar.\n\n"
            "Vissa kommuner placerar rådslaget på nivån medbestämmande, när politikerna i "
            "förväg har lovat att följa rådslagets ställningstagande. Bestäm innan rådslaget "
            "börjar vilken tyngd resultatet ska ha, och berätta det för deltagarna."
        ),
        "when_to_use": (
            "När en större fråga ska förankras brett och du vill att deltagarna tar gemensamt "
            "ansvar för ett förslag, till exempel ett program för ett område eller kommunens "
            "vision. Kräver tid, både av deltagarna och av dig."
        ),
        "levels": [3, 4],
        "mode": OFFLINE,
        "size": (10, 200),
        "effort": HIGH,
        "cost": MEDIUM,
        "suits": ["alla", "foreningar"],
    },
    {
        "slug": "medborgarjury",
        "name": "Medborgarjury",
        "summary": (
            "En slumpvis utvald grupp invånare sätter sig in i en fråga, hör sakkunniga och "
            "berörda, överlägger och lämnar en gemensam rekommendation."
        ),
        "description": (
            "Juryn består av 12–25 invånare som lottas fram så att gruppen speglar "
            "befolkningen i ålder, kön och bostadsort. Under några dagar tar juryn del av "
            "underlag, ställer frågor till sakkunniga och till företrädare för olika "
            "intressen, och överlägger sedan med stöd av en neutral samtalsledare. Juryn "
            "lämnar en skriftlig rekommendation till den ansvariga nämnden, som svarar "
            "offentligt på den.\n\n"
            "Ersätt deltagarna för deras tid och ordna barnpassning och resor, annars tackar "
            "bara de som har råd och tid ja. Låt en oberoende person leda överläggningarna."
        ),
        "when_to_use": (
            "När en svår avvägning behöver ett väl underbyggt perspektiv från invånarna, till "
            "exempel en prioritering mellan verksamheter eller en fråga där de aktiva grupperna "
            "står långt från varandra. Det slumpvisa urvalet ger röst åt dem som annars inte "
            "hörs."
        ),
        "levels": [4],
        "mode": OFFLINE,
        "size": (12, 25),
        "effort": HIGH,
        "cost": HIGH,
        "suits": ["alla"],
    },
    {
        "slug": "walk-and-talk",
        "name": "Walk and talk",
        "summary": (
            "Deltagarna promenerar i par eller små grupper och samtalar om en fråga på vägen "
            "genom ett område."
        ),
        "description": (
            "Du ger paren eller grupperna en fråga och en slinga, gärna med några stopp där en "
            "ny fråga väntar. Att gå sida vid sida gör samtalet lättare för många än att sitta "
            "mittemot varandra i ett mötesrum, och omgivningen ger samtalet innehåll. Efter "
            "promenaden samlas alla och berättar vad de pratade om, och någon antecknar.\n\n"
            "Metoden fungerar bra med unga, till exempel en skolklass eller en fritidsgård, och "
            "med grupper som inte trivs på formella möten. Se till att slingan fungerar för "
            "alla, även för den som använder rullstol eller rollator."
        ),
        "when_to_use": (
            "När frågan gäller en plats eller närmiljön, eller när du vill ha ett avspänt "
            "samtal med en grupp som sällan deltar i möten, till exempel unga. Passar mindre "
            "grupper, upp till ett trettiotal personer."
        ),
        "levels": [2, 3],
        "mode": OFFLINE,
        "size": (2, 30),
        "effort": LOW,
        "cost": LOW,
        "suits": ["unga", "barn", "boende-i-omradet", "utrikes-fodda"],
    },
    {
        "slug": "trygghetsvandring",
        "name": "Trygghetsvandring",
        "summary": (
            "Boende, kommunen och till exempel polis och fastighetsägare går tillsammans genom "
            "ett område och noterar vad som gör det tryggt eller otryggt."
        ),
        "description": (
            "En trygghetsvandring görs ofta på kvällen, när det är mörkt. Deltagarna går en "
            "bestämd sträcka och stannar där det känns otryggt: en mörk gångtunnel, en buskig "
            "stig, en busshållplats. De noterar vad som behöver åtgärdas, till exempel "
            "belysning, röjning eller skyltning, och vem som ansvarar. Vandringen kan också "
            "visa hur människor använder och trivs i sin närmiljö.\n\n"
            "Bjud in dem som berörs mest: boende, unga, äldre, personer med "
            "funktionsnedsättning, både kvinnor och män – trygghet upplevs olika. Sammanställ "
            "iakttagelserna med plats och ansvarig, och berätta för deltagarna vad som har "
            "åtgärdats. Synpunkterna kan också samlas in som kartsynpunkter på nätet."
        ),
        "when_to_use": (
            "När du vill göra ett område tryggare och få underlag för konkreta åtgärder, till "
            "exempel inför en upprustning. Passar boende i ett visst område. En "
            "trygghetsvandring gör mest nytta när åtgärderna faktiskt genomförs och "
            "deltagarna får veta det."
        ),
        "levels": [2, 3],
        "mode": OFFLINE,
        "size": (5, 30),
        "effort": MEDIUM,
        "cost": LOW,
        "suits": ["boende-i-omradet", "aldre", "unga", "funktionsnedsattning"],
    },
    # ------------------------------------------------------- outreach (uppsökande)
    {
        "slug": "skolbesok",
        "name": "Skolbesök – Fråga en politiker",
        "summary": (
            "Politiker besöker skolklasser, berättar om sitt uppdrag och svarar på elevernas "
            "frågor."
        ),
        "description": (
            "Politiker i kommunfullmäktige besöker skolklasser, från lågstadiet till "
            "gymnasiet, under temat ”Fråga en politiker”. Eleverna förbereder frågor med sin "
            "lärare. Politikerna berättar kort hur kommunen styrs och vad de själva gör, och "
            "svarar sedan på frågor. Eleverna tar ofta upp skolan, fritiden, tryggheten och "
            "framtiden.\n\n"
            "Besöken ger unga kunskap om demokratin och politikerna kunskap om vad unga "
            "tycker. Anteckna elevernas frågor och synpunkter som bidrag, och se till att "
            "eleverna får svar på det som politikerna inte kunde svara på direkt. Planera med "
            "skolorna i god tid, gärna ett läsår i taget."
        ),
        "when_to_use": (
            "När du vill att barn och unga ska möta politiker och veta hur de kan påverka, och "
            "när politikerna vill höra vad unga tycker om kommunens frågor. Passar som ett "
            "återkommande inslag varje år."
        ),
        "levels": [1, 2, 3],
        "mode": OFFLINE,
        "size": (10, 35),
        "effort": MEDIUM,
        "cost": LOW,
        "suits": ["unga", "barn"],
    },
    {
        "slug": "gatusamtal",
        "name": "Gatusamtal och torgsamtal",
        "summary": (
            "Politiker och tjänstepersoner går ut där människor finns – på torget, i "
            "köpcentret, vid busstationen – och samtalar om en fråga."
        ),
        "description": (
            "Du och politikerna står där många passerar, med en enkel skylt och en eller två "
            "frågor. Ni tar kontakt med dem som går förbi, lyssnar och antecknar. Samtalen är "
            "korta och informella, men når människor som aldrig skulle komma till ett "
            "möte.\n\n"
            "Räkna hur många ni möter och hur många samtal ni har, och anteckna synpunkterna "
            "direkt. Arvikas framtidsgrupper träffade på det här sättet och med andra "
            "uppsökande metoder omkring 5 000 invånare och förde omkring 2 700 samtal under en "
            "mandatperiod. Så långt når man när man söker upp människor i stället för att "
            "bjuda in dem."
        ),
        "when_to_use": (
            "När du vill nå en bred allmänhet och dem som inte själva söker sig till kommunen. "
            "Välj tid och plats efter målgruppen: skolgården eller fritidsgården för unga, "
            "matbutiken en lördag för barnfamiljer."
        ),
        "levels": [2, 3],
        "mode": OFFLINE,
        "size": (1, None),
        "effort": MEDIUM,
        "cost": LOW,
        "suits": ["alla", "unga", "barnfamiljer", "utrikes-fodda", "boende-i-omradet"],
    },
    {
        "slug": "foreningsbesok",
        "name": "Föreningsbesök",
        "summary": (
            "Politiker och tjänstepersoner besöker föreningar och organisationer på deras egna "
            "möten för att lyssna på medlemmarna."
        ),
        "description": (
            "I stället för att bjuda in till kommunens lokaler går ni till föreningarna: "
            "pensionärsföreningen, idrottsklubben, funktionsrättsföreningen, "
            "kulturföreningen, företagarföreningen. Be om en stund på deras ordinarie möte, "
            "berätta kort om frågan och ställ några öppna frågor. Medlemmarna pratar i en "
            "miljö där de känner sig hemma, och föreningen kan sprida frågan vidare.\n\n"
            "Föreningar företräder sina medlemmar, men inte alla invånare. Anteckna vilka "
            "föreningar ni har besökt och hur många ni mötte, och komplettera med andra "
            "metoder om det finns grupper som inte är organiserade."
        ),
        "when_to_use": (
            "När du vill nå organiserade grupper med kunskap och engagemang i frågan, eller "
            "grupper som är svåra att nå på andra sätt, till exempel äldre eller personer med "
            "funktionsnedsättning, genom deras föreningar."
        ),
        "levels": [2, 3],
        "mode": OFFLINE,
        "size": (5, 100),
        "effort": MEDIUM,
        "cost": LOW,
        "suits": ["foreningar", "aldre", "funktionsnedsattning", "utrikes-fodda", "foretagare"],
    },
    {
        "slug": "ringkvall",
        "name": "Ringkväll och telefonväkteri",
        "summary": (
            "Invånarna kan ringa till politiker under en bestämd tid och ställa frågor eller "
            "säga vad de tycker."
        ),
        "description": (
            "Under en kväll, eller vid fasta tider varje vecka, sitter politiker vid "
            "telefonen. Tiden och numret annonseras i förväg. Invånarna ringer och ställer "
            "frågor, framför synpunkter eller berättar om något som behöver åtgärdas. "
            "Politikerna kan också ringa upp invånare som har anmält intresse.\n\n"
            "Telefonen sänker tröskeln för den som inte kan eller vill ta sig till ett möte, "
            "till exempel på grund av ålder, funktionsnedsättning eller långa avstånd. "
            "Anteckna varje samtal kort – vad det gällde och vad som lovades – och se till att "
            "den som ringde får svar på det som inte gick att besvara direkt."
        ),
        "when_to_use": (
            "När du vill vara tillgänglig för invånare som har svårt att delta på andra sätt, "
            "eller höra vad som är viktigt för invånarna inför en budget eller ett större "
            "beslut. Fungerar också som ett återkommande sätt att hålla kontakten."
        ),
        "levels": [1, 2, 3],
        "mode": OFFLINE,
        "size": (1, None),
        "effort": LOW,
        "cost": LOW,
        "suits": ["alla", "aldre", "funktionsnedsattning"],
    },
    {
        "slug": "dorrknackning",
        "name": "Dörrknackning",
        "summary": (
            "Politiker och tjänstepersoner knackar dörr i ett bostadsområde för att berätta om "
            "en fråga och höra vad de boende tycker."
        ),
        "description": (
            "Ni går två och två i ett område och knackar på. Presentera er, berätta kort om "
            "frågan och fråga vad personen tycker, eller lämna en lapp med frågor och ett sätt "
            "att svara. Ha med information på de språk som talas i området, och gärna en "
            "tolk.\n\n"
            "Dörrknackning når människor som inte läser kommunens webbplats och inte kommer "
            "till möten. Den tar mycket tid men ger ofta både många synpunkter och förtroende. "
            "Anteckna antal dörrar, antal samtal och synpunkterna – men inte namn eller "
            "adresser, om det inte behövs för att kunna svara."
        ),
        "when_to_use": (
            "När frågan gäller ett avgränsat bostadsområde och du vill nå alla hushåll där, "
            "särskilt dem som brukar höras minst. Passar till exempel inför en ombyggnad av "
            "området eller en förändring av servicen i närheten."
        ),
        "levels": [1, 2],
        "mode": OFFLINE,
        "size": (1, None),
        "effort": HIGH,
        "cost": LOW,
        "suits": ["boende-i-omradet", "utrikes-fodda", "aldre"],
    },
    {
        "slug": "popup-talt",
        "name": "Tältet – dialog på plats",
        "summary": (
            "Kommunen slår upp ett tält där människor redan är – på torget, en festival eller "
            "en marknad – med information, frågor och något enkelt att göra."
        ),
        "description": (
            "Tältet flyttar dialogen till platser där människor redan finns. I tältet finns "
            "information om frågan, några enkla sätt att tycka till – en karta att sätta nålar "
            "på, lappar att skriva på, en surfplatta med en enkät – och politiker och "
            "tjänstepersoner att prata med. Något att göra för barnen och en kopp kaffe gör att "
            "fler stannar.\n\n"
            "Tältet kan stå på samma plats flera dagar eller flytta runt i kommunen. Räkna "
            "besökarna och samtalen, och för in det som kommer in på lappar och kartor som "
            "bidrag i dialogen."
        ),
        "when_to_use": (
            "När du vill synas och nå många på kort tid, till exempel i början av en dialog om "
            "en ort eller ett område. Passar familjer, unga och andra som inte går på möten. "
            "Kräver utrustning, bemanning och tillstånd för platsen."
        ),
        "levels": [1, 2, 3],
        "mode": OFFLINE,
        "size": (1, None),
        "effort": MEDIUM,
        "cost": MEDIUM,
        "suits": ["alla", "barnfamiljer", "unga", "barn", "boende-i-omradet"],
    },
    {
        "slug": "bjud-hem-en-politiker",
        "name": "Bjud hem en politiker på kaffe",
        "summary": (
            "Invånare, föreningar eller företag bjuder in en politiker till köksbordet, "
            "föreningslokalen eller arbetsplatsen för ett samtal."
        ),
        "description": (
            "En invånare bjuder in några grannar eller vänner, och en politiker kommer på "
            "kaffe. En förening eller ett företag kan på samma sätt bjuda in en politiker till "
            "sin lokal eller arbetsplats. Samtalet handlar om det värdarna vill prata om, eller "
            "om en fråga som kommunen har lyft.\n\n"
            "Kommunen tar emot förfrågan och förmedlar den till en politiker. Besöket "
            "dokumenteras som annat uppsökande arbete: hur många som var med, vad samtalet "
            "handlade om och vad politikern tog med sig. Den lilla, hemtama formen gör att "
            "människor som aldrig skulle säga något på ett möte vågar prata."
        ),
        "when_to_use": (
            "När politikerna vill komma nära invånarnas vardag och höra det som inte sägs på "
            "stora möten. Passar som ett stående erbjudande under hela mandatperioden och för "
            "att nå nätverk som kommunen annars inte når."
        ),
        "levels": [3],
        "mode": OFFLINE,
        "size": (2, 15),
        "effort": LOW,
        "cost": LOW,
        "suits": ["alla", "foreningar", "foretagare", "aldre", "utrikes-fodda"],
    },
    {
        "slug": "klassrad-och-sfi",
        "name": "Politiker besöker klassråd och sfi",
        "summary": (
            "Politiker besöker klassråd och klasser i svenska för invandrare (sfi) för att "
            "samtala om frågor som rör eleverna."
        ),
        "description": (
            "Politikerna kommer till ett klassråd eller en lektion i svenska för invandrare "
            "(sfi) och samtalar om en fråga som eleverna har valt, eller som kommunen vill höra "
            "deras syn på. I sfi-klassen blir samtalet också en lektion i svenska och i hur "
            "kommunen fungerar – läraren kan förbereda ord och frågor tillsammans med "
            "eleverna.\n\n"
            "Mötet sker i elevernas egen miljö och på deras villkor. Håll det kort, använd ett "
            "enkelt språk och anteckna synpunkterna. Berätta hur eleverna får veta vad som "
            "händer sedan, och håll det löftet."
        ),
        "when_to_use": (
            "När du vill nå unga eller nyanlända som sällan deltar i kommunens dialoger, och "
            "ge dem en första kontakt med politiker. Passar både för att samla synpunkter och "
            "för att förklara hur man kan påverka."
        ),
        "levels": [2, 3],
        "mode": OFFLINE,
        "size": (5, 35),
        "effort": LOW,
        "cost": LOW,
        "suits": ["unga", "barn", "utrikes-fodda"],
    },
    {
        "slug": "utskick-nyinflyttade",
        "name": "Utskick till nyinflyttade",
        "summary": (
            "Ett brev till alla som har flyttat till kommunen, med information om kommunen och "
            "några frågor om hur de upplever den."
        ),
        "description": (
            "Varje månad eller kvartal får de som har flyttat hit ett välkomstbrev. Brevet "
            "berättar om kommunens service, hur man kan vara med och påverka och var man "
            "hittar pågående dialoger. Det innehåller också några frågor: varför man flyttade "
            "hit, hur man har blivit mottagen och vad som saknas. Svaren kan lämnas på nätet "
            "eller på ett svarskort.\n\n"
            "Nyinflyttade ser kommunen med nya ögon och vet ofta inte hur man når den. "
            "Utskicket ger dem en väg in och ger kommunen kunskap om vad som får människor att "
            "flytta hit och stanna. Använd adresserna bara för det här syftet."
        ),
        "when_to_use": (
            "Som en stående kanal när kommunen vill välkomna nya invånare, öka inflyttningen "
            "eller minska utflyttningen. Passar inte för frågor som behöver svar från alla "
            "invånare."
        ),
        "levels": [1, 2],
        "mode": BOTH,
        "size": (1, None),
        "effort": LOW,
        "cost": MEDIUM,
        "suits": ["alla"],
    },
    # ---------------------------------------------------------- youth formats
    {
        "slug": "unga-tycker",
        "name": "Unga tycker",
        "summary": (
            "En gång om året öppnar kommunen en webbsida där unga säger vad de tycker om "
            "kommunen, och politikerna svarar."
        ),
        "description": (
            "Under en månad varje höst kan unga lämna synpunkter och idéer om det de vill: "
            "skola, fritid, trygghet, kollektivtrafik – allt som rör dem. Sidan marknadsförs i "
            "skolor, på fritidsgårdar och i sociala medier. Politikerna läser och svarar, och "
            "när de sedan planerar kommunens ekonomi för nästa år tar de hänsyn till det unga "
            "har sagt.\n\n"
            "Berätta öppet vilka synpunkter som ledde till förändringar och vilka som inte "
            "gjorde det, och varför. Det är svaren som gör att unga vill vara med igen nästa "
            "år. Kombinera gärna med skolbesök, där politikerna kan följa upp det som kom in."
        ),
        "when_to_use": (
            "Som en återkommande dialog med unga inför budget och verksamhetsplan. Passar när "
            "kommunen vill ha en bred bild av vad unga tycker och politikerna är beredda att "
            "svara."
        ),
        "levels": [2, 3],
        "mode": ONLINE,
        "size": (1, None),
        "effort": MEDIUM,
        "cost": LOW,
        "suits": ["unga"],
    },
    {
        "slug": "unga-granskar",
        "name": "Unga granskar",
        "summary": (
            "Skolklasser granskar en aktuell fråga som kommunstyrelsen har valt och redovisar "
            "i den form de själva väljer: en rapport, en folder eller en film."
        ),
        "description": (
            "Kommunstyrelsen väljer en aktuell fråga, till exempel hur kollektivtrafiken "
            "fungerar för unga eller hur det är att vara ung i en viss kommundel. Skolklasser "
            "som är intresserade anmäler sig. Under några veckor granskar klasserna frågan ur "
            "sitt perspektiv: de intervjuar, undersöker och diskuterar, med stöd av sin lärare "
            "och kontaktpersoner i kommunen. Till sist redovisar de för politikerna i den form "
            "de själva väljer – en rapport, en folder, en film eller något annat.\n\n"
            "Granskningen blir en del av undervisningen i samhällskunskap, och resultatet blir "
            "beslutsunderlag. Politikerna bör svara klasserna skriftligt om vad de tar med "
            "sig."
        ),
        "when_to_use": (
            "När en fråga berör unga och du vill att de ska arbeta fram ett eget, genomtänkt "
            "underlag, inte bara tycka till. Passar högstadiet och gymnasiet. Planera efter "
            "skolans terminer."
        ),
        "levels": [3, 4],
        "mode": OFFLINE,
        "size": (15, 120),
        "effort": MEDIUM,
        "cost": LOW,
        "suits": ["unga"],
    },
    {
        "slug": "papp",
        "name": "PÅPP – påse pengar-projekt",
        "summary": (
            "Unga får en summa pengar för att själva planera och genomföra ett projekt, till "
            "exempel ett evenemang eller en aktivitet för andra unga."
        ),
        "description": (
            "PÅPP står för påse pengar-projekt. En grupp unga söker en mindre summa pengar för "
            "en idé, till exempel en turnering, en konsert eller en aktivitet på fritidsgården. "
            "Ansökan är enkel, ofta ett formulär eller ett samtal, och beskedet kommer snabbt. "
            "De unga planerar, genomför och redovisar projektet själva, med en vuxen "
            "kontaktperson som stöd.\n\n"
            "Det är medbestämmande på riktigt: de unga bestämmer inom ramarna för summan och "
            "reglerna. Skriv korta och begripliga regler, och låt unga vara med och besluta om "
            "ansökningarna, till exempel i ett ungdomsråd."
        ),
        "when_to_use": (
            "När kommunen vill ge unga verklig makt över sin fritid och stärka deras förmåga "
            "att förverkliga egna idéer. Passar som en stående möjlighet året runt."
        ),
        "levels": [5],
        "mode": OFFLINE,
        "size": (2, 30),
        "effort": MEDIUM,
        "cost": MEDIUM,
        "suits": ["unga"],
    },
    # ------------------------------------------------------- standing channels
    {
        "slug": "e-forslag",
        "name": "E-förslag",
        "summary": (
            "En invånare lämnar ett förslag på nätet och andra skriver under. När tillräckligt "
            "många har skrivit under behandlas förslaget av den ansvariga nämnden."
        ),
        "description": (
            "Den som bor i kommunen kan lämna ett e-förslag, även kallat medborgarförslag. "
            "Förslaget publiceras och samlar underskrifter under en bestämd tid. När det når "
            "gränsen, till exempel 100 underskrifter på 60 dagar, går det till den nämnd som "
            "ansvarar för frågan. Hur förslaget hanteras – mottaget, under beredning, beslutat "
            "– och beslutet visas öppet på förslagets sida.\n\n"
            "Gränsen, tiden och om e-legitimation krävs bestämmer kommunen. E-förslag är en "
            "stående kanal och hör inte till en enskild dialog, men en dialog kan hänvisa till "
            "den."
        ),
        "when_to_use": (
            "Som en stående kanal där invånarna själva tar initiativ, utanför de dialoger som "
            "kommunen bjuder in till. Passar föreningar och engagerade invånare som vill driva "
            "en fråga."
        ),
        "levels": [4],
        "mode": ONLINE,
        "size": (1, None),
        "effort": MEDIUM,
        "cost": LOW,
        "suits": ["alla", "foreningar"],
    },
    {
        "slug": "medborgarpanel",
        "name": "Medborgarpanel",
        "summary": (
            "En stående grupp invånare som har anmält sig för att svara på enkäter och delta i "
            "dialoger några gånger om året."
        ),
        "description": (
            "Invånare anmäler sig till panelen och uppger några uppgifter om sig själva: "
            "åldersgrupp, kön och kommundel. När kommunen vill fråga något kan den skicka en "
            "enkät till hela panelen eller till ett urval som speglar befolkningen. Så får "
            "politikerna underlag inför planering och beslut, innan förslagen är färdiga.\n\n"
            "Rekrytera brett, till exempel med slumpvisa inbjudningar per brev och inte bara "
            "via kommunens webbplats, så att panelen inte bara består av redan engagerade. "
            "Begränsa hur ofta samma person får frågor, och återkoppla resultaten till panelen "
            "varje gång."
        ),
        "when_to_use": (
            "När kommunen vill kunna fråga invånarna snabbt och flera gånger om året, och följa "
            "hur åsikterna förändras över tid. Kräver arbete med att rekrytera och att hålla "
            "panelen levande."
        ),
        "levels": [2],
        "mode": ONLINE,
        "size": (1, None),
        "effort": HIGH,
        "cost": MEDIUM,
        "suits": ["alla"],
    },
]


def create_catalogue(apps, schema_editor):
    Method = apps.get_model("methods", "Method")
    TargetGroup = apps.get_model("municipality", "TargetGroup")
    groups = {group.slug: group for group in TargetGroup.objects.all()}
    for entry in METHODS:
        size_min, size_max = entry["size"]
        method, _created = Method.objects.update_or_create(
            slug=entry["slug"],
            defaults={
                "name": entry["name"],
                "summary": entry["summary"],
                "description": entry["description"],
                "when_to_use": entry["when_to_use"],
                "ladder_levels": entry["levels"],
                "mode": entry["mode"],
                "group_size_min": size_min,
                "group_size_max": size_max,
                "effort": entry["effort"],
                "cost_level": entry["cost"],
            },
        )
        method.suits.set([groups[slug] for slug in entry["suits"] if slug in groups])


class Migration(migrations.Migration):
    dependencies = [
        ("methods", "0001_initial"),
        ("municipality", "0003_default_target_groups_topics"),
    ]

    operations = [
        # Reversing keeps the entries: activities may already use them (PROTECT).
        migrations.RunPython(create_catalogue, migrations.RunPython.noop),
    ]
