// Coordinate systems of Chinese boundary files and web maps: WGS 84, CGCS2000 (geographic and
// Gauss-Krüger), GCJ-02 and BD-09. Pure functions; safe in a Web Worker.
export * from './crs'
export * from './shifted'
