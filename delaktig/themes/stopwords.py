"""Swedish stop words for the theme analysis.

Function words, pronouns, auxiliaries and the filler of spoken and written
answers ("tycker", "bra", "mycket") that say nothing about what a theme is about.
Kept as surface forms; the analysis drops a token before stemming it.
"""


def _words(text: str) -> list[str]:
    return text.split()


STOP_WORDS = frozenset(
    _words(
        """
    alla allas allt allting alltid alltså andra annan annars annat att av bakom bara
    bättre både bör borde bra dag dagar de dem den denna deras dess dessa det detta
    dig din dina ditt dock då där därför därmed efter eftersom ej eller en enligt ett
    fast fler flera flesta fram framför från få får fått för före först genom ger
    gjorde gjort gör göra gärna ha hade han hans har hela hellre helt hen hennes
    henne hit hon honom hur här i ibland icke igen in inför inga ingen inget inne
    innan inom inte intill ja jag jo just kan kanske kommer kunde kunna kunnat lite
    man med mellan men mer mest mig min mina mindre mitt mot mycket många måste ned
    nej ni nog nu någon några något när nästan och också om oss också på redan rätt
    sa sade samma sedan sig sin sina sist sitt själv ska skall skulle som så sådan
    sådana sådant sätt tack till tror tycker tyckte tänker under upp ut utan vad var
    vara varit varför varje vars vem vi vid vilka vilken vilket vill ville vår våra
    vårt än ändå är ännu även åt över bli blir blev blivit sig också eller kul viktigt
    viktig tycka ju då väl typ liksom sen sån sånt dom dem nån nåt nånting ganska
    verkligen faktiskt egentligen kanske gånger gång osv etc mm ex tex finns fanns
    behöver behövs göras gjordes skapa bättre sämre stor stora stort liten små
    fler mera nog alltid aldrig ofta oftast idag igår imorgon där här dit dit hit
    ni er era ert mej dej sej honom henne dom vår mycke sa säga säger sagt
    """
    )
)
