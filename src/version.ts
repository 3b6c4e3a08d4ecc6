import pkg from '../package.json';

export const TOOL = { name: 'trailaudit', version: pkg.version } as const;
