"""The acronym list: every abbreviation the brief's own text uses, expanded.

Generated from the content the report prints (titles, flavour, briefings, lessons, sources),
so a new card that mentions "FEOC" adds it to the list, and an abbreviation that nobody has
expanded yet is listed as such rather than left for the reader to guess (a test checks that
the bundled content has none).
"""

from __future__ import annotations

import re

EXPANSIONS: dict[str, str] = {
    "ACFTA": "ASEAN-China Free Trade Area",
    "AI": "Artificial intelligence",
    "ARECOMS": "Asia Pacific Rare Earth Consortium for Materials Security",
    "ASEAN": "Association of Southeast Asian Nations",
    "ATP": "Assembly, test and packaging (of chips)",
    "ATVM": "Advanced Technology Vehicles Manufacturing (US loan programme)",
    "BCG": "Boston Consulting Group",
    "BIS": "Bureau of Industry and Security (US Department of Commerce)",
    "CBAM": "Carbon Border Adjustment Mechanism (EU)",
    "CFIUS": "Committee on Foreign Investment in the United States",
    "CHIPS": "Creating Helpful Incentives to Produce Semiconductors (CHIPS and Science Act, US)",
    "COVID": "Coronavirus disease 2019",
    "DFC": "US International Development Finance Corporation",
    "DOE": "Department of Energy (US)",
    "DRAM": "Dynamic random-access memory",
    "DRC": "Democratic Republic of the Congo",
    "EDA": "Electronic design automation (chip design software)",
    "ESDM": "Ministry of Energy and Mineral Resources (Indonesia)",
    "EU": "European Union",
    "EUV": "Extreme ultraviolet (lithography)",
    "EV": "Electric vehicle",
    "EVs": "Electric vehicles",
    "EWS": "Early-warning system",
    "EXIM": "Export-Import Bank",
    "FDI": "Foreign direct investment",
    "FEOC": "Foreign entity of concern (US Inflation Reduction Act)",
    "FERC": "Federal Energy Regulatory Commission (US)",
    "HBM": "High-bandwidth memory",
    "HSEEP": "Homeland Security Exercise and Evaluation Program (US)",
    "IC": "Integrated circuit",
    "ICE": "Internal combustion engine",
    "IEA": "International Energy Agency",
    "IIP": "Industrial innovation policy",
    "IPEF": "Indo-Pacific Economic Framework for Prosperity",
    "IRA": "Inflation Reduction Act (US, 2022)",
    "JASM": "Japan Advanced Semiconductor Manufacturing (TSMC's Kumamoto joint venture)",
    "JBIC": "Japan Bank for International Cooperation",
    "JOGMEC": "Japan Organization for Metals and Energy Security",
    "KIET": "Korea Institute for Industrial Economics and Trade",
    "LFP": "Lithium iron phosphate (battery chemistry)",
    "LG": "LG Group (Korean conglomerate)",
    "METI": "Ministry of Economy, Trade and Industry (Japan)",
    "MEXT": "Ministry of Education, Culture, Sports, Science and Technology (Japan)",
    "MKS": "MKS Instruments (US equipment maker)",
    "MNCs": "Multinational companies",
    "MOFCOM": "Ministry of Commerce (China)",
    "MOTIE": "Ministry of Trade, Industry and Energy (Korea)",
    "MOU": "Memorandum of understanding",
    "MSP": "Minerals Security Partnership",
    "NAND": "NAND flash memory",
    "NEC": "National Economic Council (US)",
    "NERC": "North American Electric Reliability Corporation",
    "NHTSA": "National Highway Traffic Safety Administration (US)",
    "NSC": "National Security Council",
    "NTT": "Nippon Telegraph and Telephone",
    "NXP": "NXP Semiconductors (Dutch chipmaker)",
    "PCs": "Personal computers",
    "POC": "Point of contact",
    "R&D": "Research and development",
    "RAN": "Radio access network",
    "ROK": "Republic of Korea",
    "RTOs": "Research and technology organisations",
    "SBIR": "Small Business Innovation Research (US programme)",
    "SDI": "Samsung SDI (Korean battery maker)",
    "SEA": "Southeast Asia",
    "SIA": "Semiconductor Industry Association (US)",
    "SK": "SK Group (Korean conglomerate)",
    "SMEs": "Small and medium-sized enterprises",
    "SNE": "SNE Research (battery market analysts)",
    "STEM": "Science, technology, engineering and mathematics",
    "STTR": "Small Business Technology Transfer (US programme)",
    "TSMC": "Taiwan Semiconductor Manufacturing Company",
    "UN": "United Nations",
    "UNCTAD": "United Nations Conference on Trade and Development",
    "US": "United States",
    "USTR": "Office of the United States Trade Representative",
    "VEU": "Validated end user (US export-control authorisation)",
    "WSTS": "World Semiconductor Trade Statistics",
    "YMTC": "Yangtze Memory Technologies (Chinese memory maker)",
}
#: team and actor codes are spelled out wherever the brief uses them; not acronyms
CODES = frozenset({"KOR", "JPN", "USA", "CHN", "TWN", "ROW"})
_TOKEN = re.compile(r"(?<![\w&])([A-Z][A-Z&]+[0-9]*s?)(?![\w&])")


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            if k not in ("svg", "waterfall_svg", "resilience", "score") or isinstance(v, str) \
                    and not v.startswith("<svg"):
                yield from _strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings(v)


def acronyms(*texts) -> list[dict]:
    """The abbreviations used in `texts` (strings, or plain data holding them), sorted, each
    with its expansion ("" when none is recorded)."""
    seen: set[str] = set()
    for t in texts:
        for s in _strings(t):
            if s.startswith("<svg"):
                continue
            seen.update(m.group(1) for m in _TOKEN.finditer(s))
    out = []
    for a in sorted(seen - CODES, key=str.lower):
        if a.endswith("s") and a[:-1] in seen and a not in EXPANSIONS:
            continue  # "EVs" beside "EV"
        out.append({"acronym": a, "expansion": EXPANSIONS.get(a, "")})
    return out
