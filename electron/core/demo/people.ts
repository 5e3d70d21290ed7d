import { idCheckChar, luhnCheckDigit, usccCheckChar } from '../../../shared/identifiers';

// The demo county's people, organisations and places: identifiers with valid check characters
// (computed by the same functions that check what clerks type), unique by construction, and
// names that read like a county's.

const ID_SPACE = 16_000 * 1000; // birth days from 1955-01-01 × three-digit sequence
const BIRTH_START = Date.UTC(1955, 0, 1);
export const OFFSET_SPACE = { person: ID_SPACE, uscc: 10_000_000, bank: 1_000_000_000_000, phone: 100_000_000 } as const;

/** The k-th person's ID number: k is scrambled by a bijection, so neighbours do not look alike. */
export function idNumberOf(county: string, k: number, offset: number): string {
  const n = (k * 1_000_003 + offset) % ID_SPACE;
  const birth = new Date(BIRTH_START + (n % 16_000) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const first = `${county}${birth}${String(Math.floor(n / 16_000)).padStart(3, '0')}`;
  return first + idCheckChar(first);
}

export function usccOf(prefix: '91' | '93', county: string, k: number, offset: number): string {
  const n = (k * 7_919 + offset) % 10_000_000;
  const first = `${prefix}${county}MA${String(n).padStart(7, '0')}`;
  return first + usccCheckChar(first)!;
}

/** A 19-digit card number passing Luhn. */
export function bankCardOf(k: number, offset: number): string {
  const n = (k * 1_000_033 + offset) % 1_000_000_000_000;
  const body = `621700${String(n).padStart(12, '0')}`;
  return body + luhnCheckDigit(body);
}

export function phoneOf(k: number, offset: number): string {
  const n = (k * 7_003 + offset) % 100_000_000;
  return `1${['39', '38', '58', '86', '87', '55', '52', '37'][k % 8]}${String(n).padStart(8, '0')}`;
}

// ── Names ───────────────────────────────────────────────────────────────────────────────────

export const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈'];
export const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉兰萍红建国文辉鹏飞俊峰宇浩亮志刚春梅海燕秀云凤琴'];
export const TOWNS = ['城关镇', '新集镇', '桃园镇', '岗集镇', '杨庙镇', '朱巷镇', '双墩镇', '安丰镇', '瓦埠镇', '保义镇', '堰口镇', '众兴镇', '丰庄镇', '小甸镇', '茶庵镇', '隐贤镇', '迎河镇', '板桥镇'];
const VILLAGE_FIRST = [...'东西南北新老大小前后上下高黄张李王刘陈周花桃柳杨枣梨石河湖塘'];
const VILLAGE_SECOND = [...'庄集圩湾岗桥店楼郢洼营寨坝园岭林沟埠'];
export const PLACES = ['寿州', '淮上', '八公山', '正阳', '安丰', '瓦埠湖', '楚都', '淝水', '芍陂', '淮河湾', '皖北', '古城', '淮南', '江淮', '丰庄', '菱湖', '清水', '东津', '北山', '南塘'];
export const WORDS = ['好物', '优品', '农情', '乡味', '鲜达', '田园', '禾丰', '惠农', '农谷', '云仓', '乡遇', '源味', '百禾', '鑫农', '丰采', '沃土', '嘉禾', '润田', '良品', '青禾', '福满', '万家', '聚鲜', '绿源', '金穗', '本味', '原乡', '汇农', '农旺', '益家'];
export const KINDS = ['电子商务有限公司', '农业科技有限公司', '食品有限公司', '供应链管理有限公司', '网络科技有限公司'];
export const PRODUCTS = ['草莓', '香米', '黑猪肉', '大白鹅', '豆腐', '酥糖', '香芋', '紫薯', '黄桃', '葡萄', '蜂蜜', '麻鸭', '龙虾', '银鱼', '茶叶', '山药', '芡实', '莲藕', '菱角', '板鸭'];
export const COURSES = ['农产品直播营销', '网店运营实务', '农村电商物流', '短视频带货', '电商客服实务', '农产品包装与品牌'];
export const BANKS = ['中国农业银行', '中国邮政储蓄银行', '农村商业银行', '中国建设银行', '中国工商银行'];
export const CO_BUILT = ['无', '村党群服务中心', '就业扶贫驿站', '益农信息社'];

export function villageOf(index: number): string {
  return `${VILLAGE_FIRST[index % VILLAGE_FIRST.length]}${VILLAGE_SECOND[Math.floor(index / VILLAGE_FIRST.length) % VILLAGE_SECOND.length]}村`;
}
export const VILLAGES_PER_TOWN = VILLAGE_FIRST.length * VILLAGE_SECOND.length;
