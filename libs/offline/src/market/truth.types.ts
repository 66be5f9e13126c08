/** The shapes of a market's hidden truth (truth.json): what generated its swipes. */

/** Orientation as recorded by OkCupid; hidden from the API, which only carries preferences. */
export type Orientation = 'straight' | 'gay' | 'bisexual';

/** Coefficients of the like logit (see `MarketModel.likeLogit`). */
export interface TruthWeights {
  /** Global intercept of the logit. */
  bias: number;
  /** Weight of taste(actor)·appeal(target) / sqrt(dims). */
  latent: number;
  /** Weight of ln(attractiveness of target). */
  attractiveness: number;
  /** Weight of the Jaccard overlap of both interest sets. */
  interests: number;
  /** Penalty per squared age gap, normalised by half the actor's age window. */
  age: number;
  /** Penalty per ln(1 + km / distanceScaleKm). */
  distance: number;
  distanceScaleKm: number;
  /** Logit penalty when the target's gender is not sought by the actor. */
  genderMismatch: number;
  /** Logit penalty when the target lies outside the actor's age window or max distance. */
  outsidePreferences: number;
}

/** Hidden parameters of one person. */
export interface TruthPerson {
  id: number;
  orientation: Orientation;
  /**
   * Heavy-tailed (lognormal) appeal to everyone; enters the logit as ln(attractiveness). In the events
   * regime ln(attractiveness) is the person's normal appeal (how liked they are).
   */
  attractiveness: number;
  /** Subtracted from the actor's logit: higher means likes fewer people (selectivity). */
  pickiness: number;
  /** Expected sessions per day right after joining. The activity fields are 0 in the events regime. */
  activity: number;
  /** Time constant (days) of the exponential decay of activity after joining. */
  activityDecayDays: number;
  /** Mean swipes per session (geometric). */
  swipesPerSession: number;
  /** Share of likes sent as super likes. */
  superLikeRate: number;
  /** What this person looks for (dims numbers). */
  taste: number[];
  /** What this person offers (dims numbers). */
  appeal: number[];
}

/** How a market's decisions come about: app swipes (the default) or speed-dating events. */
export type MarketRegime = 'app' | 'events';

/** Settings every regime records (enough, with the regime's own, to regenerate the market). */
export interface MarketGenerationBase {
  /** Absent in files written before regimes existed, which are all `app`. */
  regime?: MarketRegime;
  seed: number;
  users: number;
  days: number;
  /** ISO time of the first simulated day (00:00 UTC). */
  start: string;
  /** ISO time just after the last simulated day. */
  end: string;
  okcupidFile: string;
  okcupidRows: number;
  /** Number of cities used (the most populous ones; small markets use fewer). */
  cities: number;
}

/** Settings of the app regime (`generate.ts`: sessions, feeds and swipes). */
export interface AppGeneration extends MarketGenerationBase {
  regime?: 'app';
  /** Share of users who joined before `start`, spread over the `initialSpanDays` before it. */
  initialShare: number;
  initialSpanDays: number;
  /** Share of a person's initial activity that never decays (dormant users still drop by). */
  activityFloor: number;
  /** Feed mix: share of slots offered to inbound likers, popular people, the rest random. */
  feedInboundShare: number;
  feedPopularShare: number;
  /** Probability that a dislike is a block instead. */
  blockRate: number;
  /** Days without a session after which a person stops being shown to others. */
  lapseDays: number;
}

/** Settings of the events regime (`events.ts`: speed-dating events, everyone meets everyone). */
export interface EventsGeneration extends MarketGenerationBase {
  regime: 'events';
  /** People per side of a mixed-sex event (a same-sex group has one side of sideMin+1..sideMax+1). */
  sideMin: number;
  sideMax: number;
  /** Minutes between two rounds of an event (a four-minute date plus the change of seats). */
  roundMinutes: number;
  /** Profiles drawn from the OkCupid rows to fill the events; those not placed were dropped. */
  candidatesDrawn: number;
  dropped: number;
}

/** Settings the market was generated with, by regime. */
export type MarketGeneration = AppGeneration | EventsGeneration;

/** Counts of an events market (in `MarketSummary.events`). */
export interface EventsSummary {
  events: number;
  /** Mixed-sex events (one side of each sex) and same-sex groups (everyone meets everyone). */
  mixedEvents: number;
  sameSexEvents: number;
  /** Decisions per person: fewest and most. */
  minDecisions: number;
  maxDecisions: number;
  /** Share of decisions that are yes, and of met pairs where both said yes. */
  yesRate: number;
  matchRate: number;
  /** Pairs that met (each gives two decisions). */
  pairs: number;
}

/** Counts of what the simulation produced. */
export interface MarketSummary {
  interactions: number;
  likes: number;
  superLikes: number;
  dislikes: number;
  blocks: number;
  /** Pairs where both sides sent a like or super like. */
  matches: number;
  /** Users with at least one swipe. */
  swipers: number;
  /** Only in the events regime. */
  events?: EventsSummary;
}

/** One speed-dating event of the events regime: who met whom, and when it began. */
export interface TruthEvent {
  id: number;
  /** Name of the city everyone at the event lives in. */
  city: string;
  /** ISO time of the first date. */
  start: string;
  /**
   * User ids per side: at a mixed-sex event two sides (women, men), each meeting everyone on
   * the other; a same-sex group one side, everyone meeting everyone else.
   */
  sides: number[][];
}

/** Everything `truth.json` holds. `people[i]` are in id order. */
export interface MarketTruth {
  format: 'dating-market-truth';
  version: 1;
  dims: number;
  weights: TruthWeights;
  generation: MarketGeneration;
  summary: MarketSummary;
  /** Only in the events regime, in time order. */
  events?: TruthEvent[];
  people: TruthPerson[];
}
