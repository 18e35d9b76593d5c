// The one host global the core may use: a timer, present in Node, browsers and workers alike, so a long job (the
// workspace run index) can yield to its host. tsconfig.core.json has no DOM or Node types; everything else a host
// offers (files, network, process, document) stays out of the core.
declare function setTimeout(callback: (...args: any[]) => void, ms?: number): unknown;
