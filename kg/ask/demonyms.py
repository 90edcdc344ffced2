"""Country adjectives and short forms a question uses for a country: "Chinese" -> CHN, "US" -> USA.

pycountry has names and codes but no demonyms, so this is a small table reviewed by hand: one
line per country the shipped graph has (its 190 countries), in the usual English adjective
(and the noun for its people where it differs and is common). An adjective that names more than
one country ("Congolese", "Korean", "Guinean") is left out: a question that says it names
neither. Short forms are either matched in any case ("America", "Britain") or only as written in
capitals ("US", "UK": in lower case they are the words "us" and "uk"; "IN", "IT", "TO" are never
countries).
"""
from __future__ import annotations

DEMONYMS = {
    "AFG": "Afghan", "AGO": "Angolan", "ALB": "Albanian", "ARE": "Emirati", "ARG": "Argentine, Argentinian",
    "ARM": "Armenian", "ATG": "Antiguan", "AUS": "Australian", "AUT": "Austrian", "AZE": "Azerbaijani, Azeri",
    "BDI": "Burundian", "BEL": "Belgian", "BEN": "Beninese", "BFA": "Burkinabe", "BGD": "Bangladeshi",
    "BGR": "Bulgarian", "BHR": "Bahraini", "BIH": "Bosnian", "BLR": "Belarusian", "BLZ": "Belizean",
    "BMU": "Bermudian", "BOL": "Bolivian", "BRA": "Brazilian", "BRB": "Barbadian", "BRN": "Bruneian",
    "BTN": "Bhutanese", "BWA": "Botswanan", "CAF": "Central African", "CAN": "Canadian", "CHE": "Swiss",
    "CHL": "Chilean", "CHN": "Chinese", "CIV": "Ivorian", "CMR": "Cameroonian", "COK": "Cook Islander",
    "COL": "Colombian", "COM": "Comorian", "CPV": "Cape Verdean", "CRI": "Costa Rican", "CUB": "Cuban",
    "CYP": "Cypriot", "CZE": "Czech", "DEU": "German", "DJI": "Djiboutian", "DNK": "Danish, Dane",
    "DZA": "Algerian", "ECU": "Ecuadorian", "EGY": "Egyptian", "ERI": "Eritrean", "ESP": "Spanish, Spaniard",
    "EST": "Estonian", "ETH": "Ethiopian", "FIN": "Finnish, Finn", "FJI": "Fijian", "FRA": "French",
    "FSM": "Micronesian", "GAB": "Gabonese", "GBR": "British, Briton", "GEO": "Georgian", "GHA": "Ghanaian",
    "GMB": "Gambian", "GRC": "Greek", "GRD": "Grenadian", "GTM": "Guatemalan", "GUY": "Guyanese",
    "HKG": "Hongkonger", "HND": "Honduran", "HRV": "Croatian, Croat", "HTI": "Haitian", "HUN": "Hungarian",
    "IDN": "Indonesian", "IND": "Indian", "IRL": "Irish", "IRN": "Iranian", "IRQ": "Iraqi",
    "ISL": "Icelandic, Icelander", "ISR": "Israeli", "ITA": "Italian", "JAM": "Jamaican", "JOR": "Jordanian",
    "JPN": "Japanese", "KAZ": "Kazakh, Kazakhstani", "KEN": "Kenyan", "KGZ": "Kyrgyz", "KHM": "Cambodian",
    "KIR": "I-Kiribati", "KOR": "South Korean", "KWT": "Kuwaiti", "LAO": "Lao, Laotian", "LBN": "Lebanese",
    "LBR": "Liberian", "LBY": "Libyan", "LKA": "Sri Lankan", "LSO": "Basotho", "LTU": "Lithuanian",
    "LUX": "Luxembourgish", "LVA": "Latvian", "MAC": "Macanese", "MAR": "Moroccan", "MCO": "Monegasque",
    "MDA": "Moldovan", "MDG": "Malagasy", "MDV": "Maldivian", "MEX": "Mexican", "MKD": "North Macedonian",
    "MLI": "Malian", "MLT": "Maltese", "MMR": "Burmese", "MNE": "Montenegrin", "MNG": "Mongolian",
    "MOZ": "Mozambican", "MRT": "Mauritanian", "MUS": "Mauritian", "MWI": "Malawian", "MYS": "Malaysian",
    "NAM": "Namibian", "NER": "Nigerien", "NGA": "Nigerian", "NIC": "Nicaraguan", "NIU": "Niuean",
    "NLD": "Dutch", "NOR": "Norwegian", "NPL": "Nepalese, Nepali", "NZL": "New Zealander", "OMN": "Omani",
    "PAK": "Pakistani", "PAN": "Panamanian", "PER": "Peruvian", "PHL": "Filipino, Philippine",
    "PNG": "Papua New Guinean", "POL": "Polish", "PRK": "North Korean", "PRT": "Portuguese",
    "PRY": "Paraguayan", "PSE": "Palestinian", "QAT": "Qatari", "ROU": "Romanian", "RUS": "Russian",
    "RWA": "Rwandan", "SAU": "Saudi, Saudi Arabian", "SDN": "Sudanese", "SEN": "Senegalese",
    "SGP": "Singaporean", "SLB": "Solomon Islander", "SLE": "Sierra Leonean", "SLV": "Salvadoran",
    "SOM": "Somali", "SRB": "Serbian", "SSD": "South Sudanese", "STP": "Santomean", "SUR": "Surinamese",
    "SVK": "Slovak", "SVN": "Slovenian, Slovene", "SWE": "Swedish, Swede", "SWZ": "Swazi", "SYC": "Seychellois",
    "SYR": "Syrian", "TCD": "Chadian", "TGO": "Togolese", "THA": "Thai", "TJK": "Tajik", "TKM": "Turkmen",
    "TLS": "Timorese", "TON": "Tongan", "TTO": "Trinidadian", "TUN": "Tunisian", "TUR": "Turkish",
    "TWN": "Taiwanese", "TZA": "Tanzanian", "UGA": "Ugandan", "UKR": "Ukrainian", "URY": "Uruguayan",
    "USA": "American", "UZB": "Uzbek", "VEN": "Venezuelan", "VNM": "Vietnamese", "VUT": "Ni-Vanuatu",
    "WSM": "Samoan", "XKX": "Kosovar", "YEM": "Yemeni", "ZAF": "South African", "ZMB": "Zambian",
    "ZWE": "Zimbabwean",
}

# Short forms matched in any case.
SHORT_FORMS = {"America": "USA", "Britain": "GBR", "Great Britain": "GBR", "Holland": "NLD",
               "Burma": "MMR", "Ivory Coast": "CIV", "Russia": "RUS", "Turkey": "TUR"}

# Short forms matched only as written here, in capitals ("us", "uk" are words).
CAPITAL_FORMS = {"US": "USA", "U.S.": "USA", "USA": "USA", "UK": "GBR", "UAE": "ARE",
                 "PRC": "CHN", "DRC": "COD", "DPRK": "PRK", "ROK": "KOR"}
