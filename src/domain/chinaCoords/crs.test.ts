import type { LngLat } from '../types'
import { describe, expect, it } from 'vitest'
import { CGCS2000, CrsError, crsFromEpsg, crsFromWkt, describeCrs, gaussKrugerZone, toWgs84Converter, WGS84 } from './crs'

// Control points: CGCS2000 lng/lat → projected easting/northing, computed by PROJ 9.1.1 (Debian
// proj-bin) with `echo "LAT LNG" | cs2cs -f %.4f EPSG:4490 EPSG:<code>` (output is northing easting).
// [epsg, lat, lng, northing, easting]
const CONTROL: Array<[number, number, number, number, number]> = [
  [4549, 29.8, 119.5, 3298048.0707, 451660.1041],
  [4549, 30.2741, 120.1551, 3350508.8698, 514923.7343],
  [4549, 31.2304, 121.4737, 3457455.4886, 640412.3150], // 1.47° from the central meridian
  [4527, 39.9042, 116.4074, 4419060.1184, 39449324.7914],
  [4527, 36.6512, 117.1201, 4057809.8305, 39510738.9361],
  [4524, 34.3416, 108.9398, 3801953.6909, 36586475.5546],
  [4534, 39.4704, 75.9898, 4371195.4715, 585173.0051],
  [4513, 39.4704, 75.9898, 4371195.4715, 25585173.0051],
  [4554, 47.7246, 134.6500, 5287865.8597, 473742.4350],
  [4533, 47.7246, 134.6500, 5287865.8597, 45473742.4350],
  [4547, 23.1291, 113.2644, 2559024.7393, 424654.8930],
  [4543, 25.0389, 102.7183, 2770555.5687, 572490.8299],
  [4543, 25.0389, 103.4990, 2771200.9654, 651287.6601],
]

// What GDAL 3.6 / PROJ 9.1 write for these systems (ogr2ogr's .prj, projinfo's WKT1 and WKT2).
const PRJ_ESRI_4549 = `PROJCS["CGCS2000_3_Degree_GK_CM_120E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`
const WKT1_GDAL_4527 = `PROJCS["CGCS2000 / 3-degree Gauss-Kruger zone 39",GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101,AUTHORITY["EPSG","1024"]],AUTHORITY["EPSG","1043"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4490"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",117],PARAMETER["scale_factor",1],PARAMETER["false_easting",39500000],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AUTHORITY["EPSG","4527"]]`
const WKT2_4527 = `PROJCRS["CGCS2000 / 3-degree Gauss-Kruger zone 39",BASEGEOGCRS["China Geodetic Coordinate System 2000",DATUM["China 2000",ELLIPSOID["CGCS2000",6378137,298.257222101,LENGTHUNIT["metre",1]]],PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]],ID["EPSG",4490]],CONVERSION["3-degree Gauss-Kruger zone 39",METHOD["Transverse Mercator",ID["EPSG",9807]],PARAMETER["Latitude of natural origin",0,ANGLEUNIT["degree",0.0174532925199433],ID["EPSG",8801]],PARAMETER["Longitude of natural origin",117,ANGLEUNIT["degree",0.0174532925199433],ID["EPSG",8802]],PARAMETER["Scale factor at natural origin",1,SCALEUNIT["unity",1],ID["EPSG",8805]],PARAMETER["False easting",39500000,LENGTHUNIT["metre",1],ID["EPSG",8806]],PARAMETER["False northing",0,LENGTHUNIT["metre",1],ID["EPSG",8807]]],CS[Cartesian,2],AXIS["northing (X)",north,ORDER[1],LENGTHUNIT["metre",1]],AXIS["easting (Y)",east,ORDER[2],LENGTHUNIT["metre",1]],USAGE[SCOPE["Cadastre, engineering survey, topographic mapping (large scale)."],AREA["China - onshore between 115°30'E and 118°30'E."],BBOX[22.6,115.5,49.88,118.5]],ID["EPSG",4527]]`
const PRJ_ESRI_4490 = `GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]`
const PRJ_BEIJING_1954 = `GEOGCS["GCS_Beijing_1954",DATUM["D_Beijing_1954",SPHEROID["Krasovsky_1940",6378245.0,298.3]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]`

// 1e-7° of latitude is 1.1 cm; of longitude at 47°N, 0.75 cm.
function metresBetween(a: LngLat, b: LngLat): number {
  const dy = (a[1] - b[1]) * 111_320
  const dx = (a[0] - b[0]) * 111_320 * Math.cos((a[1] * Math.PI) / 180)
  return Math.hypot(dx, dy)
}

describe('gauss-Krüger zones to WGS 84', () => {
  it.each(CONTROL)('ePSG:%i (%f, %f) agrees with PROJ to the centimetre', (epsg, lat, lng, northing, easting) => {
    const toWgs = toWgs84Converter(crsFromEpsg(epsg))
    expect(metresBetween(toWgs([easting, northing]), [lng, lat])).toBeLessThan(0.01)
  })

  it('reads the same zone from ESRI WKT, GDAL WKT1 and WKT2 and converts identically', () => {
    for (const wkt of [WKT1_GDAL_4527, WKT2_4527]) {
      const crs = crsFromWkt(wkt)
      expect(crs).toMatchObject({ kind: 'transverse-mercator', datum: 'CGCS2000', centralMeridian: 117, falseEasting: 39500000, scale: 1, epsg: 4527 })
      expect(metresBetween(toWgs84Converter(crs)([39449324.7914, 4419060.1184]), [116.4074, 39.9042])).toBeLessThan(0.01)
    }
    const esri = crsFromWkt(PRJ_ESRI_4549)
    expect(esri).toMatchObject({ kind: 'transverse-mercator', datum: 'CGCS2000', centralMeridian: 120, falseEasting: 500000, epsg: null })
    expect(metresBetween(toWgs84Converter(esri)([640412.3150, 3457455.4886]), [121.4737, 31.2304])).toBeLessThan(0.01)
  })

  it('names the zone, with and without the zone number in the false easting', () => {
    expect(describeCrs(crsFromEpsg(4527))).toBe('CGCS2000 / 3-degree Gauss-Krüger zone 39 (EPSG:4527)')
    expect(describeCrs(crsFromEpsg(4549))).toBe('CGCS2000 / 3-degree Gauss-Krüger, central meridian 120°E (EPSG:4549)')
    expect(describeCrs(crsFromEpsg(4499))).toBe('CGCS2000 / 6-degree Gauss-Krüger zone 21 (EPSG:4499)')
    expect(describeCrs(WGS84)).toBe('WGS 84 longitude/latitude (EPSG:4326)')
  })

  it('finds the 3-degree zone of a longitude and its two EPSG codes', () => {
    expect(gaussKrugerZone(116.4)).toEqual({ zone: 39, centralMeridian: 117, epsgWithZone: 4527, epsgWithoutZone: 4548 })
    expect(gaussKrugerZone(121.47)).toEqual({ zone: 40, centralMeridian: 120, epsgWithZone: 4528, epsgWithoutZone: 4549 })
    expect(() => gaussKrugerZone(10)).toThrow(/outside China/)
  })
})

describe('geographic systems', () => {
  it('reads CGCS2000 and WGS 84 and passes their coordinates through', () => {
    expect(crsFromWkt(PRJ_ESRI_4490)).toEqual(CGCS2000)
    expect(crsFromEpsg(4326)).toEqual(WGS84)
    expect(toWgs84Converter(CGCS2000)([120.1, 30.2])).toEqual([120.1, 30.2])
  })

  it('undoes a GCJ-02 or BD-09 offset the user names', () => {
    const gcj = toWgs84Converter({ ...WGS84, shift: 'gcj02' })([121.531541859215, 31.17530398364597])
    expect(metresBetween(gcj, [121.5272106, 31.1774276])).toBeLessThan(0.01)
    const bd = toWgs84Converter({ ...WGS84, shift: 'bd09' })([121.531541859215, 31.17530398364597])
    expect(metresBetween(bd, gcj)).toBeGreaterThan(300)
  })
})

describe('refusals', () => {
  it('refuses Beijing 1954 / Xi\'an 1980 with what to do', () => {
    expect(() => crsFromWkt(PRJ_BEIJING_1954)).toThrow(CrsError)
    expect(() => crsFromWkt(PRJ_BEIJING_1954)).toThrow(/Beijing_1954.*7-parameter.*convert it to CGCS2000/)
  })

  it('refuses unreadable WKT, other projections and unknown codes with a reason', () => {
    expect(() => crsFromWkt('PROJCS["x",GEOGCS[')).toThrow(/not readable WKT: unterminated/)
    expect(() => crsFromWkt(PRJ_ESRI_4549.replace('Gauss_Kruger', 'Lambert_Conformal_Conic'))).toThrow(/Lambert_Conformal_Conic.*not supported/)
    expect(() => crsFromWkt(PRJ_ESRI_4549.replace('UNIT["Meter",1.0]]', 'UNIT["Foot_US",0.3048006096]]'))).toThrow(/Foot_US.*metres/)
    expect(() => crsFromEpsg(3857)).toThrow(/EPSG:3857 is not a system we read/)
  })
})
