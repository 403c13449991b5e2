export * from './types';
export * from './names';
export * from './scope';
export * from './errors';
export * from './validate';
export * from './api';
export * from './lists';
