// Fictional names for the demo township: places, roads and people. Any resemblance to a real
// person is chance; the lists are common name parts, combined at random.
import type { Rng } from './random'

/** A name and its romanised English form. */
export interface Named {
  name: string
  nameEn: string
}

/** The demo township's name. */
export const TOWNSHIP: Named & { stem: string, stemEn: string, casePrefix: string } = {
  name: '青山镇',
  nameEn: 'Qingshan Town',
  stem: '青山',
  stemEn: 'Qingshan',
  casePrefix: 'QS',
}

/** Place-name stems for communities (社区) near the township seat. */
const COMMUNITY_STEMS: ReadonlyArray<[string, string]> = [
  ['青山', 'Qingshan'],
  ['溪口', 'Xikou'],
  ['新街', 'Xinjie'],
]

/** Place-name stems for villages (村), the kind found in the hills of western Zhejiang. */
const VILLAGE_STEMS: ReadonlyArray<[string, string]> = [
  ['东岭', 'Dongling'],
  ['西坞', 'Xiwu'],
  ['南坑', 'Nankeng'],
  ['石门', 'Shimen'],
  ['枫林', 'Fenglin'],
  ['竹溪', 'Zhuxi'],
  ['桃源', 'Taoyuan'],
  ['金竹', 'Jinzhu'],
  ['上坪', 'Shangping'],
  ['下湾', 'Xiawan'],
  ['龙潭', 'Longtan'],
  ['白沙', 'Baisha'],
  ['茶园', 'Chayuan'],
  ['梅岭', 'Meiling'],
  ['杨家', 'Yangjia'],
  ['大塘', 'Datang'],
  ['岩头', 'Yantou'],
  ['松岙', 'Song\'ao'],
  ['马岭', 'Maling'],
  ['高峰', 'Gaofeng'],
  ['里山', 'Lishan'],
  ['樟坞', 'Zhangwu'],
]

/** Residential blocks (小区) of a community. */
const BLOCK_NAMES: ReadonlyArray<[string, string]> = [
  ['青溪花园', 'Qingxi Garden'],
  ['翠竹苑', 'Cuizhu Court'],
  ['锦绣家园', 'Jinxiu Homes'],
  ['山水苑', 'Shanshui Court'],
  ['桂花苑', 'Guihua Court'],
  ['新安小区', 'Xin\'an Estate'],
  ['溪畔人家', 'Xipan Homes'],
  ['枫丹小区', 'Fengdan Estate'],
  ['文昌苑', 'Wenchang Court'],
  ['阳光小区', 'Yangguang Estate'],
  ['东门小区', 'Dongmen Estate'],
  ['老街片区', 'Old Street Block'],
  ['金桥小区', 'Jinqiao Estate'],
  ['学府苑', 'Xuefu Court'],
  ['滨江花苑', 'Binjiang Garden'],
  ['富春家园', 'Fuchun Homes'],
  ['康乐小区', 'Kangle Estate'],
  ['安居小区', 'Anju Estate'],
  ['和平小区', 'Heping Estate'],
  ['紫荆苑', 'Zijing Court'],
]

const NUMERALS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十']

/** Chinese numeral for 1–99, as used in group names (三组, 十二组). */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99)
    throw new RangeError(`chineseNumeral: 1–99 only, got ${n}`)
  if (n <= 10)
    return NUMERALS[n]!
  const tens = Math.floor(n / 10)
  const ones = n % 10
  return `${tens === 1 ? '' : NUMERALS[tens]}十${ones === 0 ? '' : NUMERALS[ones]}`
}

/** A village or community name with its stem, e.g. 东岭村 / Dongling Village. */
export interface SettlementName extends Named {
  stem: string
  stemEn: string
  community: boolean
}

/** Names for `count` villages, the first `communities` of them communities (社区). */
export function settlementNames(rng: Rng, count: number, communities: number): SettlementName[] {
  const out: SettlementName[] = []
  for (let i = 0; i < communities; i++) {
    const [stem, stemEn] = COMMUNITY_STEMS[i]!
    out.push({ stem, stemEn, name: `${stem}社区`, nameEn: `${stemEn} Community`, community: true })
  }
  for (const [stem, stemEn] of rng.shuffle(VILLAGE_STEMS).slice(0, count - communities))
    out.push({ stem, stemEn, name: `${stem}村`, nameEn: `${stemEn} Village`, community: false })
  if (out.length < count)
    throw new RangeError(`only ${out.length} settlement names for ${count} villages`)
  return out
}

/**
 * Names of the groups of one village (一组, 二组 …) or the blocks of a community (小区); block
 * names already in `usedBlocks` are skipped, so two communities never share one.
 */
export function groupNames(rng: Rng, count: number, community: boolean, usedBlocks = new Set<string>()): Named[] {
  if (community) {
    const blocks = rng.shuffle(BLOCK_NAMES).filter(([name]) => !usedBlocks.has(name)).slice(0, count)
    if (blocks.length < count)
      throw new RangeError(`only ${blocks.length} block names left for ${count} blocks`)
    blocks.forEach(([name]) => usedBlocks.add(name))
    return blocks.map(([name, nameEn]) => ({ name, nameEn }))
  }
  return Array.from({ length: count }, (_, i) => ({ name: `${chineseNumeral(i + 1)}组`, nameEn: `Group ${i + 1}` }))
}

/** Name of the n-th (1-based) sub-grid of a group. */
export function subGridName(n: number): Named {
  return { name: `第${chineseNumeral(n)}网格`, nameEn: `Sub-grid ${n}` }
}

// Weighted toward surnames common in Zhejiang.
const SURNAMES = '王陈张李徐吴周杨金方何俞叶汪章胡朱赵沈蒋刘黄孙林郑钱许袁余应楼严邵冯姚程潘曹'
const GIVEN = '伟芳敏静丽强磊军洋勇艳杰娟涛明超霞平刚华建国志红英玉兰永德金凤海燕晓东春梅卫小云文斌林慧琴建军国强秀英丽华桂芳宏亮雪峰丹俊新民'

/** A fictional Chinese personal name not yet in `used`; adds it there. */
export function personName(rng: Rng, used: Set<string>): string {
  for (let attempt = 0; attempt < 200; attempt++) {
    const surname = SURNAMES[Math.min(SURNAMES.length - 1, Math.floor(rng.next() ** 1.6 * SURNAMES.length))]!
    const length = rng.chance(0.7) ? 2 : 1
    let given = ''
    for (let i = 0; i < length; i++)
      given += rng.pick([...GIVEN])
    const name = surname + given
    if (!used.has(name)) {
      used.add(name)
      return name
    }
  }
  throw new Error('ran out of distinct person names')
}

const MOBILE_PREFIXES = ['133', '135', '136', '137', '138', '139', '150', '151', '153', '157', '158', '159', '177', '180', '181', '186', '187', '188', '189', '199']

/** A masked mobile number like 138****5521: only prefix and last four digits are kept. */
export function maskedPhone(rng: Rng): string {
  return `${rng.pick(MOBILE_PREFIXES)}****${String(rng.int(0, 9999)).padStart(4, '0')}`
}

/** Names for the township's main roads (county road first). */
export const MAIN_ROAD_NAMES = ['青桐线', '青溪线', '岭下线']
