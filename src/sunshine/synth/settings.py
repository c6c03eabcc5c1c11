"""Parameters of the synthetic CMLRS generator, with their sources.

Every number the generator assumes is a field of :class:`SynthParams` (sources and reasoning:
``data/cmlrs/README.md``), checked by :meth:`SynthParams.validate`, which names a bad one. A field's
``metadata["fixes"]`` says which reportable quantities it fixes (``("share", variable[, population])``,
``("tau", x, y, population)``, ``("count", what)``, ``("cluster", ...)``, ``("by", group)``; empty
for tuning knobs) and ``metadata["printed"]`` the published design value it copies; the claim ledger
(:mod:`sunshine.synth.ledger`) derives its classes from these.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields

MODES = ("exact", "population", "copula")
AGE_STRUCTURES = ("adults", "household")
GENDER_CODINGS = ("female=1", "male=1")
EDUCATION_CODINGS = ("ascending", "descending")
TABLE2_POPULATIONS = ("migrants", "all")
CHILD_AGE = 14
"""Youngest age of migration in the paper ("individuals between the ages of 14 and 60")."""


@dataclass(frozen=True)
class SynthParams:
    """Assumptions of the synthetic CMLRS (Gansu and Ningxia, 2009); sources in the codebook.

    Attributes
    ----------
    seed : int
        Seed of ``numpy.random.default_rng``; the same seed rebuilds the same file.
    mode : {"exact", "population", "copula"}
        Refine until every attainable printed coefficient is reproduced; resample households of the
        exact sample of seed 2009 (sampling error around the print); or a plain copula draw.
    n_persons : int
        Persons in the sample (paper: n = 2,351).
    household_size_mean, household_size_max : float, int
        Mean household size (paper: 3,400 / 741 = 4.6) and the largest.
    gansu_household_share, minority_county_share_gansu, minority_county_share_ningxia : float
        Households in Gansu (not reported; 0.5) and in an ethnic-minority county (assumed).
    distance_median_km, distance_sigma : float
        Log-normal distance to the nearest prefecture-level city (assumed).
    age_min, age_max, age_mean, age_sd : float
        Truncated normal whole-year ages (paper: migration at 14-60; working age assumed; under
        ``household``, the persons of :data:`CHILD_AGE` and over).
    age_structure, child_share : {"adults", "household"}, float
        Working-age adults only, or all household members with a share of children under
        :data:`CHILD_AGE` who never migrate or train, schooled by age.
    gender_coding, education_coding : str
        How the paper coded them (the file: 1 = female, education 1 = none .. 5 = college);
        ``male=1`` / ``descending`` reverse the printed signs.
    reading_training_gender : float
        Reading of Table I's garbled ``.17588``: ``.175`` (``**`` typed as ``88``) or ``.176``.
    table2_population : {"migrants", "all"}
        Whom Table II describes (title: migrants; n: everyone); ``all`` makes Table II's training x
        education (.037) and Table I's (-.198) one pair on one set of persons: infeasible.
    female_share, education_shares : float, tuple of 5 floats
        Shares of women and of education levels 1-5 (86% junior high or less; MoA 2004: 87.8%).
    migrant_share, training_share : float
        Shares of migrants (assumed; NW China migrates least) and of the government-trained (close
        to ``migrant_share`` for tau-b = .792).
    household_icc : float
        Latent intra-household correlation of migration and training propensities (assumed 0.3).
    income_migrant_median, income_migrant_sigma, income_lower_tail : float
        Migrants' annual income, yuan (NBS 2009, lower for the west), two-piece log-normal
        (``income_lower_tail``: log spread below the median over above; 1 = log-normal).
    income_stayer_median, income_stayer_sigma, income_rounding : float
        Stayers' annual income, yuan (NBS 2008 rural net income per head 2,724/3,681); incomes and
        remittances rounded to ``income_rounding`` yuan.
    remittance_zero_share, remittance_median, remittance_sigma, network_share : float
        Migrants' annual remittances, yuan, and share who found job information through networks.
    stayer_training_income_tau, stayer_education_income_tau : float
        Stayers' tau-b in place of the unattainable printed b = -.916 (about the migrants' fraction
        of the attainable bound).
    tolerance, max_proposals, qualitative_alpha : float, int, float
        Half-width and proposal limit of the exact refinement (< .0005 for a margin); level of the
        "no significant association" statements.
    """

    seed: int = field(default=2009, metadata={"fixes": ()})
    mode: str = field(default="exact", metadata={"fixes": ()})
    n_persons: int = field(default=2351, metadata={"fixes": (("count", "persons"),), "printed": "analysis_n"})
    household_size_mean: float = field(default=4.6, metadata={"fixes": (("count", "households"), ("share", "household_size"))})
    household_size_max: int = field(default=10, metadata={"fixes": (("share", "household_size"),)})
    gansu_household_share: float = field(default=0.5, metadata={"fixes": (("share", "province"), ("by", "province"))})
    minority_county_share_gansu: float = field(default=0.2, metadata={"fixes": (("share", "minority_county"),)})
    minority_county_share_ningxia: float = field(default=0.5, metadata={"fixes": (("share", "minority_county"),)})
    distance_median_km: float = field(default=90.0, metadata={"fixes": (("share", "distance_city_km"),)})
    distance_sigma: float = field(default=0.6, metadata={"fixes": (("share", "distance_city_km"),)})
    age_min: int = field(default=16, metadata={"fixes": (("share", "age"),)})
    age_max: int = field(default=70, metadata={"fixes": (("share", "age"),)})
    age_mean: float = field(default=38.0, metadata={"fixes": (("share", "age"),)})
    age_sd: float = field(default=14.0, metadata={"fixes": (("share", "age"),)})
    age_structure: str = field(default="adults", metadata={"fixes": (("share", "age"), ("share", "education"))})
    child_share: float = field(default=0.12, metadata={"fixes": (("share", "age"),)})
    gender_coding: str = field(default="female=1", metadata={"fixes": ()})
    education_coding: str = field(default="ascending", metadata={"fixes": ()})
    reading_training_gender: float = field(default=0.175, metadata={"fixes": ()})
    table2_population: str = field(default="migrants", metadata={"fixes": ()})
    female_share: float = field(default=0.49, metadata={"fixes": (("share", "gender"),)})
    education_shares: tuple = field(default=(0.15, 0.33, 0.38, 0.11, 0.03), metadata={"fixes": (("share", "education"),)})
    migrant_share: float = field(default=0.30, metadata={"fixes": (("share", "migrated"), ("count", "migrants"), ("count", "stayers"))})
    training_share: float = field(default=0.27, metadata={"fixes": (("share", "training"),)})
    household_icc: float = field(default=0.3, metadata={"fixes": (("cluster", "household_id"),)})
    income_migrant_median: float = field(default=9000.0, metadata={"fixes": (("share", "income", "migrants"),)})
    income_migrant_sigma: float = field(default=0.55, metadata={"fixes": (("share", "income", "migrants"),)})
    income_lower_tail: float = field(default=1.0, metadata={"fixes": (("share", "income", "migrants"),)})
    income_stayer_median: float = field(default=3500.0, metadata={"fixes": (("share", "income", "stayers"),)})
    income_stayer_sigma: float = field(default=0.8, metadata={"fixes": (("share", "income", "stayers"),)})
    income_rounding: float = field(default=100.0, metadata={"fixes": (("share", "income"),)})
    remittance_zero_share: float = field(default=0.2, metadata={"fixes": (("share", "remittance"),)})
    remittance_median: float = field(default=3000.0, metadata={"fixes": (("share", "remittance"),)})
    remittance_sigma: float = field(default=0.7, metadata={"fixes": (("share", "remittance"),)})
    network_share: float = field(default=0.6, metadata={"fixes": (("share", "network_job_info"),)})
    stayer_training_income_tau: float = field(default=-0.15, metadata={"fixes": (("tau", "training", "income", "stayers"),)})
    stayer_education_income_tau: float = field(default=0.143, metadata={"fixes": (("tau", "education", "income", "stayers"),)})
    tolerance: float = field(default=0.0004, metadata={"fixes": ()})
    max_proposals: int = field(default=400_000, metadata={"fixes": ()})
    qualitative_alpha: float = field(default=0.01, metadata={"fixes": ()})

    def to_dict(self) -> dict:
        """Parameters as a JSON-serialisable dict."""
        d = asdict(self)
        d["education_shares"] = list(self.education_shares)
        return d

    def validate(self) -> "SynthParams":
        """Check every parameter; raise ``ValueError`` naming the first bad one."""
        def bad(name: str, why: str):
            raise ValueError(f"parameter {name}={getattr(self, name)!r}: {why}")

        if self.mode not in MODES:
            bad("mode", f"must be one of {MODES}")
        if not isinstance(self.seed, int) or self.seed < 0:
            bad("seed", "must be a non-negative integer")
        if not isinstance(self.n_persons, int) or not 50 <= self.n_persons <= 1_000_000:
            bad("n_persons", "must be an integer between 50 and 1,000,000")
        if not 1.0 <= self.household_size_mean < self.household_size_max:
            bad("household_size_mean", "must be in [1, household_size_max)")
        if not isinstance(self.household_size_max, int) or self.household_size_max < 2:
            bad("household_size_max", "must be an integer >= 2")
        for name in ("gansu_household_share", "minority_county_share_gansu",
                     "minority_county_share_ningxia", "female_share", "migrant_share",
                     "training_share", "remittance_zero_share", "network_share"):
            if not 0.0 < getattr(self, name) < 1.0:
                bad(name, "must be a share strictly between 0 and 1")
        if not 0.0 <= self.household_icc < 1.0:
            bad("household_icc", "must be in [0, 1)")
        for name in ("distance_median_km", "income_migrant_median", "income_stayer_median",
                     "remittance_median", "distance_sigma", "income_migrant_sigma",
                     "income_stayer_sigma", "remittance_sigma", "age_sd"):
            if not getattr(self, name) > 0:
                bad(name, "must be positive")
        for name, allowed in (("age_structure", AGE_STRUCTURES), ("gender_coding", GENDER_CODINGS),
                              ("education_coding", EDUCATION_CODINGS),
                              ("table2_population", TABLE2_POPULATIONS)):
            if getattr(self, name) not in allowed:
                bad(name, f"must be one of {allowed}")
        if not 0.0 < self.child_share < 0.6:
            bad("child_share", "must be a share in (0, 0.6)")
        if self.reading_training_gender not in (0.175, 0.176):
            bad("reading_training_gender", "must be 0.175 or 0.176 (the two readings of .17588)")
        if not 0.2 <= self.income_lower_tail <= 5.0:
            bad("income_lower_tail", "must be in [0.2, 5] (ratio of log-scale spreads)")
        if not 0 <= self.age_min < self.age_max <= 110:
            bad("age_min", "need 0 <= age_min < age_max <= 110")
        if not self.age_min <= self.age_mean <= self.age_max:
            bad("age_mean", "must lie between age_min and age_max")
        sh = tuple(self.education_shares)
        if len(sh) != 5 or any(not 0 < s < 1 for s in sh) or abs(sum(sh) - 1) > 1e-9:
            bad("education_shares", "need five shares in (0, 1) summing to 1")
        if self.income_rounding < 0:
            bad("income_rounding", "must be >= 0")
        for name in ("stayer_training_income_tau", "stayer_education_income_tau"):
            if not -1 < getattr(self, name) < 1:
                bad(name, "must be a tau-b in (-1, 1)")
        if not 0 < self.tolerance <= 0.0005:
            bad("tolerance", "must be in (0, 0.0005] (printed precision of three decimals)")
        if not isinstance(self.max_proposals, int) or self.max_proposals < 0:
            bad("max_proposals", "must be a non-negative integer")
        if not 0 < self.qualitative_alpha < 0.5:
            bad("qualitative_alpha", "must be in (0, 0.5)")
        return self

    @classmethod
    def field_names(cls) -> list[str]:
        """Names of all parameters."""
        return [f.name for f in fields(cls)]
