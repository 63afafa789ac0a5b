// What the chaos suite takes from the benchmark: its stack (the three built services as processes
// on databases and ports of their own, which it can kill and start again) and its mix of
// declarations. Both are tools beside the product rather than libraries, so they share modules
// directly; this file is the one place that reaches into bench/.
/* eslint-disable @nx/enforce-module-boundaries -- bench/ is a tool, not a library, and has no npm scope */
export { ownStack, ROOT, type OwnStack } from '../../bench/src/stack';
export { type AuthorityCode, type Kind, KINDS } from '../../bench/src/declarations';
export { round } from '../../bench/src/procfs';
