export * from './infrastructure';
export * from './sample-declarations';
