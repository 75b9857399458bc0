"""The comparative corpus of issue 21: what was registered, and how each rendering was coded.

Kept for provenance, like ``build_2_0.py``. The research (stored pages read on 2026-12-04, the
excerpts copied character for character, the searches) is the researcher's log, summarised in
``data/searches.csv`` and the documents' curator notes. ``build_corpus_21.py`` applies this plan
with the curator tools (``helpers.curate``): every span is computed from its evidence, never typed.

Utterances (dataset 2.0): ``peskov_refuted_report`` is Peskov's reply of 25 November 2024 about the
report ("we do not know to what extent these reports correspond to reality"; the id is the 1.1
statement's), ``peskov_no_unanimity`` his remarks that ideas were heard and counter-arguments voiced
in European capitals, that Europeans are not unanimous and that "some hotheads appear", and
``lemonde_report_revived_talks`` Le Monde's report that the discussions were revived.
"""

from __future__ import annotations

ACCESSED = "2026-12-04"
REPLY, HOTHEADS, LEMONDE = "peskov_refuted_report", "peskov_no_unanimity", "lemonde_report_revived_talks"

#: New actors (outlets and agencies of the corpus): actor_id, name, kind, role, outlet_nature.
ACTORS = [
    ("lbc", "LBC", "media", "UK broadcaster; outlet of a rendering in the corpus", "independent"),
    ("prophecyupdate", "prophecyupdate.blogspot.com (Blogger blog)", "media",
     "Blog copying an English-language report whose publisher it does not name", "blog"),
    ("mosaic_news", "mosaic.news", "media", "Aggregator relaying News.Az; outlet of a rendering in the corpus", "aggregator"),
    ("news_az", "News.Az", "media", "Outlet relayed by mosaic.news, citing TASS", ""),
    ("rt_france", "RT France (francais.rt.com)", "media", "French service of the Russian state broadcaster RT", "state_controlled"),
    ("noticiabrasil", "noticiabrasil.net.br", "media",
     "Portuguese-language site (its domain is used by Sputnik Brasil: outside knowledge, not shown on the page)", "unknown"),
    ("ria_novosti", "RIA Novosti", "media", "Russian state news agency relayed by a Pravda-network page", ""),
    ("rbc_ukraine", "RBC-Ukraine (newsukraine.rbc.ua)", "media", "Ukrainian outlet, English edition; outlet of a rendering in the corpus",
     "independent"),
    ("vesti_ua", "Vesti-ua.net", "media", "Ukrainian-language outlet; outlet of a rendering in the corpus", "unknown"),
    ("vm_ru", "vm.ru", "media", "Russian-language outlet (Vechernyaya Moskva: outside knowledge, not named on the page)", "unknown"),
]

#: Country and nature of the agencies and outlets whose state ownership the family of a document rests on
#: (the relay's root): actor_id -> (country_iso3, outlet_nature). TASS and RIA Novosti are Russian state news
#: agencies, RT France the French service of the Russian state broadcaster (their own descriptions).
ACTOR_FACTS = {"tass": ("RUS", "state_controlled"), "ria_novosti": ("RUS", "state_controlled"), "rt_france": ("RUS", "state_controlled"),
               "news_az": ("AZE", ""), "lbc": ("GBR", "independent"), "rbc_ukraine": ("UKR", "independent"),
               "vesti_ua": ("UKR", "unknown"), "vm_ru": ("RUS", "unknown")}

#: One entry per staged document: the staged key, the document id in data/ (an existing excerpt document
#: of the same URL is extended, not duplicated), and the documents columns this corpus sets.
DOCUMENTS = [
    dict(key="lbc_2024_11_25", document_id="ex_lbc", new=True, outlet_id="lbc", document_kind="broadcast_report", directness="",
         title="Russia cautions Britain and France against deploying soldiers-for-hire to Ukraine", title_basis="as_published",
         url="https://www.lbc.co.uk/news/russia-ukraine-uk-france-troops-war/",
         published="2024-11-25", date_precision="day", published_basis="stated", published_time="18:07", language="en-GB",
         relays_document_id="", relays_actor_id="", relay_basis=""),
    dict(key="prophecyupdate_2024_11", document_id="ex_prophecyupdate", new=True, outlet_id="prophecyupdate", document_kind="blog_copy",
         directness="copy", title="prophecyupdate.blogspot.com: copy of an English-language report (headline not in the stored text)",
         title_basis="curator_assigned",
         url="https://prophecyupdate.blogspot.com/2024/11/russia-warns-britain-and-france-against.html?m=1",
         published="2024-11", date_precision="month", published_basis="inferred", published_time="", language="en",
         relays_document_id="", relays_actor_id="",
         relay_basis="a copy of an English-language report whose publisher the page does not name (it ends with the Blogger "
                     "furniture 'No comments: / Post a Comment')"),
    dict(key="ifpnews_2024_11", document_id="ex_ifp_news", new=False,
         title="Russia says ‘hotheads’ talking about sending EU forces to Ukraine", title_basis="as_published",
         published="", date_precision="", published_basis="", published_time="",
         relay_basis=""),
    dict(key="belnovosti_2024_11_25", document_id="ex_belnovosti", new=False,
         title="\"Têtes chaudes.\" Le Kremlin a répondu au désir de l’Occident d’envoyer ses militaires en Ukraine", title_basis="as_published",
         published="2024-11-25", date_precision="day", published_basis="stated", published_time="15:02",
         relays_actor_id="tass", relay_basis="«rapporté par l'agence TASS»"),
    dict(key="mosaic_newsaz_2024_11", document_id="ex_mosaic_news", new=True, outlet_id="mosaic_news", document_kind="aggregator_copy",
         directness="relay", title="mosaic.news: relay of News.Az citing TASS (headline not in the stored text)", title_basis="curator_assigned",
         url="https://mosaic.news/?p=467953", published="", date_precision="", published_basis="", published_time="", language="en",
         relays_document_id="", relays_actor_id="tass",
         relay_basis="'News.Az reports, citing TASS': mosaic.news relays News.Az (actor news_az), which cites TASS; the chain "
                     "TASS > News.Az > mosaic.news, recorded at its root (TASS) because News.Az's own text is not in the corpus"),
    dict(key="euromedia24_2024_11", document_id="ex_euromedia24", new=False, published="", date_precision="", published_basis="",
         published_time="", relays_actor_id="tass",
         relay_basis="not credited: its quotations are the TASS-English wording relayed by News.Az, word for word in French "
                     "('Vous et moi ne savons pas…' = 'You and I do not know…'); direct source not established"),
    dict(key="eiffelpost_2024_11", document_id="ex_eiffel_post", new=False, published="", date_precision="", published_basis="",
         published_time="", relays_actor_id="", relay_basis=""),
    dict(key="pravdafr_4489_2024_11_25", document_id="ex_pravda_network", new=False,
         title="En Europe, sur l'envoi de troupes en Ukraine ne réfléchissent qu'à des \"têtes chaudes\", estime Peskov",
         title_basis="as_published", published="", date_precision="", published_basis="", published_time="", relays_actor_id="",
         relay_basis=""),
    dict(key="pravdafr_293909_2024_11_25", document_id="ex_pravda_network_293909", new=True, outlet_id="pravda_network",
         document_kind="aggregator_copy", directness="",
         title="L'UE n'a pas d'unité sur la question de l'envoi de troupes en Ukraine", title_basis="as_published",
         url="https://francais.news-pravda.com/world/2024/11/25/293909.html",
         published="2024-11-25", date_precision="day", published_basis="inferred", published_time="", language="fr",
         relays_document_id="", relays_actor_id="", relay_basis=""),
    dict(key="rtfrance_2024_11_25", document_id="ex_rt_france", new=True, outlet_id="rt_france", document_kind="news_article",
         directness="", title="Envoi de troupes en Ukraine : «les Européens ne sont pas unanimes», rappelle Peskov",
         title_basis="as_published", url="https://francais.rt.com/russie/114933-envoi-troupes-ukraine-europeens-ne/amp",
         published="", date_precision="", published_basis="", published_time="", language="fr",
         relays_document_id="", relays_actor_id="", relay_basis=""),
    dict(key="noticiabrasil_2024_11_25", document_id="ex_noticiabrasil", new=True, outlet_id="noticiabrasil", document_kind="news_article",
         directness="", title="noticiabrasil.net.br: report of Peskov's remarks (headline not in the stored text)",
         title_basis="curator_assigned",
         url="https://noticiabrasil.net.br/amp/20241125/ha-cabecas-quentes-na-europa-que-querem-enviar-tropas-para-ucrania-diz-russia-37490727.html",
         published="2024-11-25", date_precision="day", published_basis="inferred", published_time="", language="pt-BR",
         relays_document_id="", relays_actor_id="", relay_basis=""),
    dict(key="lemonde_en_2024_11_25", document_id="ex_le_monde_en", new=True, outlet_id="le_monde", document_kind="news_article",
         directness="own_reporting", title="Discussions over sending European troops to Ukraine reignited", title_basis="as_published",
         url="https://www.lemonde.fr/en/international/article/2024/11/25/discussions-over-sending-french-and-british-troops-to-ukraine-reignited_6734041_4.html",
         published="2024-11-25", date_precision="day", published_basis="provided_metadata", published_time="11:22+00:00", language="en",
         relays_document_id="", relays_actor_id="", relay_basis=""),
    dict(key="ria_via_pravdafr_4441_2024_11_25", document_id="ex_pravda_network_4441", new=True, outlet_id="pravda_network",
         document_kind="agency_report", directness="relay",
         title="En France, a révélé ce qui pourrait bientôt arriver en Ukraine", title_basis="as_published",
         url="https://france.news-pravda.com/world/2024/11/25/4441.html",
         published="2024-11-25", date_precision="day", published_basis="stated", published_time="", language="fr",
         relays_document_id="", relays_actor_id="ria_novosti",
         relay_basis="dateline 'MOSCOU, 25 nov - RIA Novosti.'; RIA relays Le Monde ('écrit le Monde, citant des sources')"),
    dict(key="rbcukraine_2024_11_25", document_id="ex_rbc_ukraine", new=True, outlet_id="rbc_ukraine", document_kind="news_article",
         directness="relay", title="Discussions on sending troops to Ukraine resume in Europe - Le Monde", title_basis="as_published",
         url="https://newsukraine.rbc.ua/news/discussions-on-sending-troops-to-ukraine-1732526579.html",
         published="2024-11-25", date_precision="day", published_basis="inferred", published_time="09:22+00:00", language="en",
         relays_document_id="", relays_actor_id="le_monde",
         relay_basis="'Le Monde reports' (the French original: this page's time precedes the English edition's)"),
    dict(key="vestiua_2024_11_25", document_id="ex_vesti_ua", new=True, outlet_id="vesti_ua", document_kind="news_article",
         directness="relay",
         title="\"Не виключаємо жодного варіанту\": у Європі відновилися дискусії щодо відправки військ в Україну, - Le Monde",
         title_basis="as_published",
         url="https://vesti-ua.net/uk/news/politics/amp/259118-ne-viklyuchayemo-zhodnogo-varantu-u-yevrop-vdnovilisya-diskusyi-schodo-vdpravki-vysk-v-ukrayinu-le-monde.html",
         published="2024-11-25", date_precision="day", published_basis="stated", published_time="14:30", language="uk",
         relays_document_id="", relays_actor_id="le_monde",
         relay_basis="'Про це повідомляє Le Monde.'; its paragraphs follow ex_rbc_ukraine sentence by sentence (a shared source "
                     "text, direction not established)"),
    dict(key="vm_ru_2024_11_25", document_id="ex_vm_ru", new=True, outlet_id="vm_ru", document_kind="news_article", directness="relay",
         title="Le Monde: В Европе возобновили обсуждения отправки войск на Украину", title_basis="as_published",
         url="https://vm.ru/news/1185737-le-monde-v-evrope-vozobnovili-obsuzhdeniya-otpravki-vojsk-na-ukrainu",
         published="", date_precision="", published_basis="", published_time="", language="ru",
         relays_document_id="", relays_actor_id="le_monde", relay_basis="'написала газета Le Monde'"),
    dict(key="expressdigest_2024_11", document_id="ex_expressdigest_com", new=False, published="", date_precision="", published_basis="",
         published_time="", relays_actor_id="le_monde",
         relay_basis="'according to French daily newspaper Le Monde'; a British military source 'told Le Monde'"),
    dict(key="pt78_2024_11_27", document_id="ex_parti_des_travailleurs_78", new=False,
         published="2024-11-27", date_precision="day", published_basis="inferred", published_time="",
         relays_actor_id="le_monde", relay_basis="'Le Monde (26 novembre) révèle' (the print edition of 26 November)"),
]

#: The article follows, paragraph by paragraph with the same quoted words, the English-language report copied on
#: prophecyupdate (whose publisher the copy does not name): the relay link of the article's documents row.
ARTICLE = "000_212c296293ee434c"
ARTICLE_RELAY = dict(
    relays_document_id="ex_prophecyupdate",
    relay_basis="identical wording: the article follows the English-language report copied on ex_prophecyupdate paragraph by "
                "paragraph, in the same order, with the same quoted words (“correspond with reality”, “sensitive discussions”, "
                "“red lines”, “strategic ambiguity”) and the same lead verb ('dismissed'); the copy stands for that report, "
                "whose publisher is not named; which text came first is not established")

#: Where the package now says what was searched for the Russian original (the utterance's note).
REPLY_NOTE = ("No transcript and no Russian-language agency report (TASS, RIA Novosti, Interfax) of the reply was found: the "
              "searches for the Russian original are in data/searches.csv (sought = russian_original; none returned it). The "
              "wording is Belnovosti's French relay, which names TASS; the closest English wording is TASS's as relayed by News.Az "
              "(ex_mosaic_news). Every rendering in the corpus is a translation.")

#: Rows of existing excerpt documents whose evidence changes with the fuller excerpt: typed with other quotation marks
#: than the page's (found when the fuller excerpt replaced the old one), or a fragment of a quotation the excerpt now
#: keeps whole (IFP News, expressdigest): statement_id -> the page's own characters.
EVIDENCE_FIXES = {
    # the whole quotation where the fuller excerpt keeps it (a quoted passage lies inside one rendering's span)
    "peskov_correspond_ifp_r": "We don’t know whether these reports are true, and what exactly they are really talking about,",
    "peskov_capitals_ifp_r": "such ideas have previously been voiced by various European capitals.",
    "peskov_unanimity_ifp_r": "There have also been various counter-arguments. There is no consensus among Europeans on this issue, but there are some hotheads,",
    "british_source_express_r": "Discussions are underway between the UK and France regarding defence cooperation, particularly with the aim of "
                                "creating a core of allies in Europe, focused on Ukraine and broader European security,",
    "leading_roles_pt78_r": "n’excluent pas de prendre la tête d’une coalition",
}

#: Existing renderings in the extended documents that this corpus codes too: the verb the page uses, without its
#: auxiliary ("dismissed" for "has dismissed", as the article's renderings are coded; "déclaré" for "a déclaré").
VERBS_OF_EXISTING = {
    "peskov_correspond_tass_r": "déclaré",
    "peskov_capitals_tass_r": "admis",
    "peskov_unanimity_tass_r": "noté",
    "peskov_correspond_ifp_r": "continued",
    "peskov_capitals_ifp_r": "adding",
    "peskov_unanimity_ifp_r": "remarked",
    "peskov_refuted_euromedia_r": "noté",
    "moscow_refutes_eiffel_r": "déclaré",
    "peskov_unanimity_pravda_r": "compte",
}


def _r(sid, doc, utt, speaker, mode, verb, relation, topic, stance, response, evidence, summary, *, target="", responds_to="",
       occurrence=None, via=""):
    return dict(statement_id=sid, document_id=doc, utterance_id=utt, speaker_id=speaker, reported_via_id=via, responds_to_id=responds_to,
                response=response, mode=mode, rendering_verb=verb, relation=relation, topic_id=topic, stance=stance, target_id=target,
                summary=summary, evidence=evidence, occurrence=occurrence)


T, TR = "uk_france_talks", "troops_to_ukraine"
EU = "europeans"

#: New renderings, in the order of each page. A reply rendering answers the page's own rendering of
#: the Le Monde report where it has one, else the article's (``lemonde_report_revived_talks``).
RENDERINGS = [
    # LBC (UK broadcaster), 25 November 2024, 18:07 on the page
    _r("lbc_cautions_r", "ex_lbc", REPLY, "kremlin", "paraphrase", "cautions", "different", TR, "opposes", "",
       "Russia cautions Britain and France against deploying soldiers-for-hire to Ukraine",
       "Headline: Russia warns Britain and France against deploying soldiers for hire (a warning no relay of the reply contains)."),
    _r("lbc_rejected_r", "ex_lbc", REPLY, "kremlin", "paraphrase", "rejected", "stronger", T, "opposes", "denies",
       "rejected reports suggesting that Britain and France are in talks to send troops to Ukraine",
       "Lead: the Kremlin rejected the reports of UK-France talks.", responds_to="lbc_lemonde_claimed_r"),
    _r("lbc_lemonde_claimed_r", "ex_lbc", LEMONDE, "le_monde", "paraphrase", "claimed", "reworded", T, "supports", "",
       "had claimed that the two countries had \"revived\" discussions about deploying Western forces and private military contractors to Ukraine",
       "Le Monde claimed that Britain and France had revived discussions on deploying forces and contractors."),
    _r("lbc_not_in_line_r", "ex_lbc", REPLY, "dmitry_peskov", "phrase", "stated", "stronger", T, "opposes", "denies",
       "not in line with reality", "Peskov stated that the report was not in line with reality.", responds_to="lbc_lemonde_claimed_r"),
    _r("lbc_opposition_capitals_r", "ex_lbc", HOTHEADS, "dmitry_peskov", "paraphrase", "stated", "stronger", TR, "opposes", "disputes",
       "had faced opposition from most European capitals", "Peskov stated that the idea had faced opposition from most European capitals.",
       target=EU, responds_to="lbc_lemonde_claimed_r"),
    _r("lbc_hotheads_r", "ex_lbc", HOTHEADS, "dmitry_peskov", "direct_quote", "stated", "same", TR, "opposes", "disputes",
       "There is no unanimity of opinion among Europeans on this matter but, of course, some hotheads appear.",
       "Peskov: no unanimity among Europeans, but some hotheads appear.", target=EU, responds_to="lbc_lemonde_claimed_r"),
    _r("lbc_sensitive_r", "ex_lbc", LEMONDE, "le_monde", "phrase", "reported", "reworded", T, "supports", "",
       "sensitive discussions, most of which are classified", "Le Monde reported sensitive, mostly classified discussions."),
    # prophecyupdate (blog copy of an unnamed English-language report)
    _r("prophecy_dismissed_r", "ex_prophecyupdate", REPLY, "kremlin", "paraphrase", "dismissed", "stronger", T, "opposes", "denies",
       "dismissed reports of discussions between Britain and France on sending soldiers to Ukraine",
       "Lead: the Kremlin dismissed the reports of UK-France discussions.", responds_to="prophecy_lemonde_claimed_r"),
    _r("prophecy_lemonde_claimed_r", "ex_prophecyupdate", LEMONDE, "le_monde", "paraphrase", "claimed", "reworded", T, "supports", "",
       "claimed Britain and France had “reactivated” talks over sending Western troops and private defence companies to Ukraine",
       "Le Monde claimed Britain and France had reactivated talks on troops and private defence companies."),
    _r("prophecy_correspond_r", "ex_prophecyupdate", REPLY, "dmitry_peskov", "phrase", "said", "stronger", T, "opposes", "denies",
       "correspond with reality", "Peskov said the report did not correspond with reality.", responds_to="prophecy_lemonde_claimed_r"),
    _r("prophecy_resistance_r", "ex_prophecyupdate", HOTHEADS, "dmitry_peskov", "paraphrase", "said", "stronger", TR, "opposes", "disputes",
       "had hit resistance in most European capitals", "Peskov said the idea had hit resistance in most European capitals.", target=EU,
       responds_to="prophecy_lemonde_claimed_r"),
    _r("prophecy_hotheads_r", "ex_prophecyupdate", HOTHEADS, "dmitry_peskov", "direct_quote", "said", "same", TR, "opposes", "disputes",
       "There is no unanimity of opinion among Europeans on this matter but, of course, some hotheads appear,",
       "Peskov: no unanimity among Europeans, but some hotheads appear.", target=EU, responds_to="prophecy_lemonde_claimed_r"),
    _r("prophecy_sensitive_r", "ex_prophecyupdate", LEMONDE, "le_monde", "paraphrase", "said", "reworded", T, "supports", "",
       "said “sensitive discussions, most of which are classified” had been relaunched in the wake of Donald Trump’s presidential "
       "victory and potential window of withdrawal for Kyiv support, citing “corroborating sources”",
       "Le Monde said sensitive, mostly classified discussions had been relaunched after Trump's victory, citing corroborating sources."),
    # IFP News (existing excerpt document, extended)
    _r("ifp_headline_r", "ex_ifp_news", HOTHEADS, "russia_as_kremlin", "paraphrase", "says", "reworded", TR, "opposes", "disputes",
       "Russia says ‘hotheads’ talking about sending EU forces to Ukraine", "Headline: Russia says hotheads talk of sending EU forces."),
    _r("ifp_no_consensus_r", "ex_ifp_news", HOTHEADS, "dmitry_peskov", "paraphrase", "stated", "reworded", TR, "opposes", "disputes",
       "There is no consensus among EU countries on whether to send troops to Ukraine",
       "Lead: Peskov stated there is no consensus among EU countries on sending troops.", target=EU),
    _r("ifp_lemonde_reported_r", "ex_ifp_news", LEMONDE, "le_monde", "paraphrase", "reported", "reworded", T, "supports", "",
       "reported on Monday, citing military sources, that debates have been revived about sending Western soldiers to the country",
       "Le Monde reported, citing military sources, that debates on sending Western soldiers were revived."),
    _r("ifp_skepticism_r", "ex_ifp_news", REPLY, "dmitry_peskov", "paraphrase", "stated", "reworded", T, "reserved", "disputes",
       "stated the reports should be viewed with some skepticism", "Peskov stated the reports should be viewed with some skepticism.",
       responds_to="ifp_lemonde_reported_r"),
    # Belnovosti (existing, extended; credits TASS)
    _r("belnovosti_headline_r", "ex_belnovosti", REPLY, "kremlin", "paraphrase", "répondu", "different", TR, "opposes", "",
       "Le Kremlin a répondu au désir de l’Occident d’envoyer ses militaires en Ukraine",
       "Headline: the Kremlin answered the West's wish to send its soldiers to Ukraine ('hotheads')."),
    _r("belnovosti_lemonde_r", "ex_belnovosti", LEMONDE, "le_monde", "paraphrase", "", "weaker", TR, "supports", "",
       "la prétendue intention de l’Occident d’envoyer ses militaires en Ukraine",
       "Le Monde's report rendered as the West's 'alleged intention' to send soldiers."),
    _r("belnovosti_hotheads_lead_r", "ex_belnovosti", HOTHEADS, "dmitry_peskov", "paraphrase", "déclaré", "reworded", TR, "opposes",
       "disputes", "certaines « têtes brûlées » réfléchissent à cette possibilité",
       "Peskov (via TASS): some hotheads are considering the possibility.", target=EU, responds_to="belnovosti_lemonde_r",
       via="tass"),
    # mosaic.news (News.Az citing TASS)
    _r("mosaic_dismissed_r", "ex_mosaic_news", REPLY, "kremlin", "paraphrase", "dismissed", "stronger", TR, "opposes", "denies",
       "dismissed speculation regarding the potential deployment of European troops or private mercenaries to Ukraine",
       "Lead: the Kremlin dismissed speculation on European troops or mercenaries.", responds_to="mosaic_lemonde_r"),
    _r("mosaic_not_unified_r", "ex_mosaic_news", HOTHEADS, "dmitry_peskov", "paraphrase", "stating", "reworded", TR, "opposes", "disputes",
       "European leaders are not unified on the issue", "Lead: Peskov stated European leaders are not unified.", target=EU),
    _r("mosaic_lemonde_r", "ex_mosaic_news", LEMONDE, "le_monde", "paraphrase", "suggested", "reworded", TR, "supports", "",
       "suggested that European elites were revisiting the idea of sending troops",
       "Le Monde suggested European elites were revisiting the idea of sending troops."),
    _r("mosaic_correspond_r", "ex_mosaic_news", REPLY, "dmitry_peskov", "direct_quote", "said", "same", T, "reserved", "disputes",
       "You and I do not know to what extent these reports correspond to reality,",
       "Peskov: you and I do not know to what extent these reports correspond to reality.", responds_to="mosaic_lemonde_r"),
    _r("mosaic_capitals_r", "ex_mosaic_news", HOTHEADS, "dmitry_peskov", "direct_quote", "added", "same", TR, "neutral", "qualifies",
       "Earlier, of course, such ideas were heard from different European capitals, but various counterarguments were also voiced not in favor of this idea.",
       "Peskov: such ideas were heard from European capitals, but counter-arguments were voiced too.", target=EU),
    _r("mosaic_hotheads_r", "ex_mosaic_news", HOTHEADS, "dmitry_peskov", "direct_quote", "added", "same", TR, "opposes", "disputes",
       "There is no unanimity among the Europeans on this score, but, of course, some hotheads appear,",
       "Peskov: no unanimity among Europeans, but some hotheads appear.", target=EU),
    # Euromedia24 (existing, extended)
    _r("euromedia_lemonde_r", "ex_euromedia24", LEMONDE, "le_monde", "paraphrase", "fait état", "reworded", TR, "supports", "",
       "fait état du retour des élites européennes aux discussions sur l'envoi éventuel de troupes",
       "Le Monde reported European elites returning to discussions on sending troops."),
    _r("euromedia_capitals_r", "ex_euromedia24", HOTHEADS, "dmitry_peskov", "direct_quote", "noté", "different", TR, "neutral", "",
       "Auparavant, bien sûr, de telles idées avaient été exprimées dans diverses capitales européennes, mais divers contre-arguments ont également été exprimés en faveur de cette idée",
       "Peskov (mistranslated): ideas were voiced in European capitals, and counter-arguments 'in favour of this idea'.", target=EU),
    _r("euromedia_hotheads_r", "ex_euromedia24", HOTHEADS, "dmitry_peskov", "direct_quote", "ajouté", "same", TR, "opposes",
       "disputes", "Les Européens n'ont pas une opinion unifiée sur cette question, mais, bien sûr, des têtes brûlées apparaissent",
       "Peskov: Europeans are not of one opinion, but hotheads appear.", target=EU),
    # Eiffel Post (existing, extended)
    _r("eiffel_lead_r", "ex_eiffel_post", HOTHEADS, "dmitry_peskov", "paraphrase", "déclaré", "reworded", TR, "opposes", "disputes",
       "Les élites européennes ne sont pas encore parvenues à un consensus sur l'envoi de leurs troupes ou de mercenaires pour soutenir Kiev, mais certaines « têtes brûlées » y réfléchissent.",
       "Lead: European elites have no consensus on troops or mercenaries, but some hotheads consider it.", target=EU),
    _r("eiffel_lemonde_r", "ex_eiffel_post", LEMONDE, "le_monde", "paraphrase", "rapporté", "reworded", TR, "supports", "",
       "avait précédemment rapporté que les élites européennes avaient repris les discussions sur la possibilité de déployer des troupes",
       "Le Monde had reported European elites resuming discussions on deploying troops."),
    _r("eiffel_capitals_r", "ex_eiffel_post", HOTHEADS, "dmitry_peskov", "paraphrase", "rappelé", "weaker", TR, "neutral", "",
       "des idées similaires avaient été avancées par de nombreuses capitales européennes",
       "Peskov recalled that similar ideas had been put forward by many European capitals (no counter-arguments).", target=EU),
    _r("eiffel_hotheads_r", "ex_eiffel_post", HOTHEADS, "dmitry_peskov", "direct_quote", "ajouté", "same", TR, "opposes", "disputes",
       "Les Européens n'ont pas une position unifiée sur cette question, mais bien sûr, des « têtes brûlées » sont apparues",
       "Peskov: Europeans have no unified position, but hotheads have appeared.", target=EU),
    # Pravda network, france.news-pravda.com 4489 (existing, extended)
    _r("pravda4489_headline_r", "ex_pravda_network", HOTHEADS, "dmitry_peskov", "paraphrase", "estime", "stronger", TR, "opposes", "disputes",
       "En Europe, sur l'envoi de troupes en Ukraine ne réfléchissent qu'à des \"têtes chaudes\", estime Peskov",
       "Headline: in Europe only 'hotheads' think about sending troops, Peskov believes.", target=EU),
    _r("pravda4489_lemonde_r", "ex_pravda_network", LEMONDE, "le_monde", "paraphrase", "écrit", "reworded", T, "supports", "",
       "Le journal a écrit que la grande-Bretagne et la France ont repris négociations secrètes sur cette matière.",
       "Le Monde wrote that Britain and France resumed secret negotiations."),
    _r("pravda4489_capitals_r", "ex_pravda_network", HOTHEADS, "dmitry_peskov", "paraphrase", "déclaré", "reworded", TR, "opposes",
       "disputes", "De telles déclarations en Europe ne sonnent pas pour la première fois, mais il n'y a pas eu de consensus sur l'envoi de militaires",
       "Peskov: such statements are not new in Europe, but there was no consensus on sending soldiers.", target=EU),
    # Pravda network, francais.news-pravda.com 293909
    _r("pravda293909_no_information_r", "ex_pravda_network_293909", REPLY, "dmitry_peskov", "paraphrase", "déclaré", "reworded", T, "reserved",
       "disputes",
       "Le Kremlin ne dispose pas d'informations sur la question de savoir si les pays de l'Union européenne sont retournés aux discussions sur la possibilité d'envoyer leurs armées dans la zone du conflit ukrainien",
       "The Kremlin has no information on whether EU countries have returned to the discussions.", responds_to="pravda293909_lemonde_r"),
    _r("pravda293909_no_unity_r", "ex_pravda_network_293909", HOTHEADS, "dmitry_peskov", "paraphrase", "déclaré", "reworded", TR, "opposes",
       "disputes", "il n'y a pas d'unité dans cette question à l'Ouest", "There is no unity on the question in the West.", target=EU),
    _r("pravda293909_lemonde_r", "ex_pravda_network_293909", LEMONDE, "le_monde", "paraphrase", "", "reworded", TR, "supports", "",
       "les dirigeants européens ont commencé à discuter de nouveau ce sujet",
       "Le Monde's report: European leaders began discussing the subject again."),
    _r("pravda293909_capitals_r", "ex_pravda_network_293909", HOTHEADS, "dmitry_peskov", "direct_quote", "déclaré", "same", TR, "opposes",
       "disputes",
       "Auparavant, bien sûr, de telles idées avaient été exprimées dans différentes capitales européennes, mais divers contre-arguments n'étaient pas en faveur de cette idée. Par conséquent, il n'y a pas d'unité d'opinion des européens à cet égard",
       "Peskov: ideas were voiced in European capitals, counter-arguments were not in favour; so Europeans are not united.", target=EU),
    _r("pravda293909_hotheads_r", "ex_pravda_network_293909", HOTHEADS, "dmitry_peskov", "paraphrase", "noté", "reworded", TR, "opposes",
       "disputes", "en Europe, il y avait périodiquement des \"têtes chaudes\", introduisant de nouveau ces propositions",
       "Peskov noted that hotheads periodically reintroduce these proposals in Europe.", target=EU),
    # RT France
    _r("rt_headline_r", "ex_rt_france", HOTHEADS, "dmitry_peskov", "direct_quote", "rappelle", "same", TR, "opposes", "disputes",
       "les Européens ne sont pas unanimes", "Headline: 'the Europeans are not unanimous', Peskov recalls.", target=EU),
    _r("rt_hotheads_r", "ex_rt_france", HOTHEADS, "dmitry_peskov", "direct_quote", "déclaré", "same", TR, "opposes", "disputes",
       "Les Européens ne sont pas unanimes sur cette question, mais, bien sûr, des \"têtes brûlées\" apparaissent",
       "Peskov: Europeans are not unanimous, but hotheads appear.", target=EU),
    _r("rt_lemonde_r", "ex_rt_france", LEMONDE, "le_monde", "paraphrase", "selon lequel", "weaker", T, "supports", "",
       "selon lequel «les discussions» sur l'envoi de troupes régulières – et de prestataires privés – en Ukraine auraient «été réactivées»",
       "Le Monde's article according to which discussions on troops and contractors 'would have been reactivated' (conditional)."),
    _r("rt_correspond_r", "ex_rt_france", REPLY, "dmitry_peskov", "direct_quote", "déclaré", "same", T, "reserved", "disputes",
       "Vous et moi ne savons pas dans quelle mesure ces rapports sont vrais.",
       "Peskov: you and I do not know to what extent these reports are true.", responds_to="rt_lemonde_r"),
    _r("rt_capitals_r", "ex_rt_france", HOTHEADS, "dmitry_peskov", "direct_quote", "déclaré", "same", TR, "neutral", "qualifies",
       "Auparavant, bien sûr, de telles idées ont été exprimées dans plusieurs capitales européennes, mais il y a également eu plusieurs contre-arguments qui n'étaient pas en faveur de cette idée",
       "Peskov: ideas were voiced in several European capitals, but there were counter-arguments too.", target=EU),
    # noticiabrasil (Portuguese)
    _r("noticia_lemonde_r", "ex_noticiabrasil", LEMONDE, "le_monde", "paraphrase", "relatou", "reworded", TR, "supports", "",
       "relatou, citando fontes militares, que foram revividos debates sobre o envio de soldados ocidentais para a ex-república soviética",
       "French media reported, citing military sources, that debates on sending Western soldiers were revived."),
    _r("noticia_hotheads_r", "ex_noticiabrasil", HOTHEADS, "dmitry_peskov", "direct_quote", "disse", "same", TR, "opposes", "disputes",
       "Anteriormente, é claro, tais ideias foram expressas de diferentes capitais europeias, mas também houve vários contra-argumentos, não a favor dessa ideia. Por isso, os europeus não têm uma opinião comum sobre o assunto, mas é claro que algumas cabeças quentes surgem",
       "Peskov: ideas were voiced in capitals, with counter-arguments; Europeans have no common opinion, but some hotheads appear.",
       target=EU),
    _r("noticia_correspond_r", "ex_noticiabrasil", REPLY, "dmitry_peskov", "paraphrase", "observou", "same", T, "reserved", "disputes",
       "observou que não se sabe quanto esses relatórios correspondem à verdade e do que está realmente se tratando lá",
       "Peskov observed that it is not known how far the reports correspond to the truth, nor what they are really about.",
       responds_to="noticia_lemonde_r"),
    # Le Monde, English edition (RSS title and summary)
    _r("lemonde_en_headline_r", "ex_le_monde_en", LEMONDE, "le_monde", "authorial", "", "same", T, "supports", "",
       "Discussions over sending European troops to Ukraine reignited", "Le Monde's headline: the discussions were reignited."),
    # RIA Novosti via the Pravda network (4441)
    _r("ria4441_lemonde_r", "ex_pravda_network_4441", LEMONDE, "le_monde", "paraphrase", "écrit", "reworded", T, "supports", "",
       "En Europe, ont repris les discussions sur l'envoi de troupes en Ukraine, écrit le Monde, citant des sources.",
       "RIA: Le Monde writes, citing sources, that discussions on sending troops resumed in Europe.", via="ria_novosti"),
    # RBC-Ukraine
    _r("rbc_lemonde_r", "ex_rbc_ukraine", LEMONDE, "le_monde", "paraphrase", "", "reworded", T, "supports", "",
       "discussions about sending Western troops and private defense companies to Ukraine have now intensified again",
       "Le Monde's sources: discussions on Western troops and private defence companies intensified again."),
    # Vesti-ua
    _r("vesti_lemonde_r", "ex_vesti_ua", LEMONDE, "le_monde", "paraphrase", "", "reworded", T, "supports", "",
       "дискусії щодо відправки західних військ й приватних оборонних компаній в Україну знову активізувались",
       "Le Monde's sources: discussions on Western troops and private defence companies intensified again."),
    # vm.ru
    _r("vm_lemonde_r", "ex_vm_ru", LEMONDE, "le_monde", "paraphrase", "написала", "reworded", TR, "supports", "",
       "Европа вновь обсуждает отправку своих солдат или бойцов частных военных компаний на Украину.",
       "Le Monde wrote that Europe is again discussing sending soldiers or private military company fighters to Ukraine."),
    # expressdigest (existing, extended)
    _r("express_lemonde_reactivated_r", "ex_expressdigest_com", LEMONDE, "le_monde", "paraphrase", "according to", "same", T, "supports", "",
       "Discussions on sending troops from Western armies and private defence companies have been ‘reactivated’",
       "According to Le Monde, discussions on troops and private defence companies were reactivated."),
    # Parti des travailleurs 78 (existing, extended)
    _r("pt78_lemonde_r", "ex_parti_des_travailleurs_78", LEMONDE, "le_monde", "direct_quote", "révèle", "reworded", TR, "supports", "",
       "Guerre en Ukraine : l’envoi de militaires européens en discussion.",
       "Le Monde's print headline of 26 November: sending European soldiers under discussion."),
]

ARTICLE_LEMONDE = "lemonde_report_revived_talks"  # the article's first rendering of the Le Monde report


def _link_responses() -> None:
    """A response answers the counted rendering of the Le Monde report (codebook Q1: the utterance's id); none without one."""
    for row in RENDERINGS:
        if row["speaker_id"] == "russia_as_kremlin":  # "Russia says" in a headline: the government speaks (codebook A4)
            row["speaker_id"] = "kremlin"
        row["responds_to_id"] = ARTICLE_LEMONDE if row["response"] else ""


_link_responses()

#: The renderings of the Kremlin's reply that the blind second coder codes: every rendering of the two utterances
#: in the excerpt documents (the article's own were double-coded for 1.1).
REPLY_UTTERANCES = (REPLY, HOTHEADS)


#: The adjudication of the blind second coding (data/coding/adjudication_21.csv, with the reasons): the values the
#: data keeps where the coders disagreed. Applied after the renderings are added (``build_corpus_21.py``).
ADJUDICATED = {
    "belnovosti_headline_r": {"response": "disputes", "responds_to_id": "lemonde_report_revived_talks"},
    "peskov_capitals_tass_r": {"stance": "opposes", "response": "disputes"},
    "mosaic_capitals_r": {"stance": "opposes", "response": "disputes"},
    "rt_capitals_r": {"stance": "opposes", "response": "disputes"},
    "euromedia_capitals_r": {"stance": "unclear", "rendering_verb": ""},
    "eiffel_capitals_r": {"response": "qualifies", "responds_to_id": "lemonde_report_revived_talks"},
    "rt_correspond_r": {"relation": "reworded"},
    "noticia_correspond_r": {"relation": "reworded"},
}
