export * from './names';
export * from './aggregates';
export * from './geo';
export * from './pair';
export * from './explain';
export * from './both-ways';
export * from './vector-codec';
export * from './interest-ids';
