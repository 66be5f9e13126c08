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
  /** Heavy-tailed (lognormal) appeal to everyone; enters the logit as ln(attractiveness). */
  attractiveness: number;
  /** Subtracted from the actor's logit: higher means likes fewer people. */
  pickiness: number;
  /** Expected sessions per day right after joining. */
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

/** Settings the market was generated with (enough to regenerate it). */
export interface MarketGeneration {
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
}

/** Everything `truth.json` holds. `people[i]` are in id order. */
export interface MarketTruth {
  format: 'dating-market-truth';
  version: 1;
  dims: number;
  weights: TruthWeights;
  generation: MarketGeneration;
  summary: MarketSummary;
  people: TruthPerson[];
}
