export * from './types';
export * from './facts';
export * from './apply-fact';
export * from './own-law';
export * from './assessment';
export * from './inspection-workflow';
export * from './clearance';
export * from './errors';
