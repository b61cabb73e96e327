// Where demo buyers live: province / city / district across China, street-level details as shops see them,
// and the remote regions (新疆/西藏/青海) logistics_remote_region is about. Ordinary details are precise:
// no vague word (附近, 旁边, 对面 …), no test word, never shorter than five characters.
import type { Dice } from './random.js';

export interface AddressBody {
  province: string;
  city: string;
  district: string;
  detail: string;
}

interface Region {
  province: string;
  city: string;
  districts: string;
}

const region = (province: string, city: string, districts: string): Region => ({ province, city, districts });

export const REGIONS: readonly Region[] = [
  region('浙江省', '杭州市', '西湖区 余杭区 拱墅区 滨江区 上城区'),
  region('浙江省', '宁波市', '鄞州区 海曙区'),
  region('江苏省', '南京市', '鼓楼区 玄武区 江宁区'),
  region('江苏省', '苏州市', '姑苏区 吴中区 工业园区'),
  region('上海市', '上海市', '浦东新区 徐汇区 静安区 闵行区 杨浦区'),
  region('北京市', '北京市', '朝阳区 海淀区 东城区 丰台区'),
  region('广东省', '广州市', '天河区 越秀区 番禺区'),
  region('广东省', '深圳市', '南山区 福田区 宝安区 龙岗区'),
  region('广东省', '佛山市', '禅城区 南海区'),
  region('四川省', '成都市', '武侯区 锦江区 高新区'),
  region('湖北省', '武汉市', '洪山区 江汉区 武昌区'),
  region('山东省', '青岛市', '市南区 崂山区'),
  region('河南省', '郑州市', '金水区 二七区'),
  region('湖南省', '长沙市', '岳麓区 芙蓉区'),
  region('福建省', '厦门市', '思明区 湖里区'),
  region('陕西省', '西安市', '雁塔区 碑林区'),
  region('重庆市', '重庆市', '渝中区 江北区 渝北区'),
  region('天津市', '天津市', '和平区 南开区'),
  region('安徽省', '合肥市', '蜀山区 包河区'),
  region('辽宁省', '大连市', '中山区 沙河口区'),
  region('云南省', '昆明市', '五华区 盘龙区'),
  region('黑龙江省', '哈尔滨市', '南岗区 道里区'),
];

/** logistics_remote_region's default provinces, spelled as channels send them. */
export const REMOTE_REGIONS: readonly Region[] = [
  region('新疆维吾尔自治区', '乌鲁木齐市', '天山区 沙依巴克区 新市区'),
  region('新疆维吾尔自治区', '喀什地区', '喀什市'),
  region('西藏自治区', '拉萨市', '城关区 堆龙德庆区'),
  region('青海省', '西宁市', '城东区 城西区'),
];

const STREETS =
  '人民路 解放路 中山路 建设路 文一西路 长江路 学院路 滨江大道 花园路 和平路 新华路 东风路 科技路 延安路'.split(
    ' ',
  );
const COMMUNITIES =
  '阳光花园 翠苑小区 金地花园 万科城 保利花园 绿城桂花园 世纪新城 锦绣江南 紫荆花园 丽景湾'.split(' ');
const TOWERS = '国际大厦 创新中心 数码港 时代广场 财富中心'.split(' ');

/** A precise street address detail. */
export function addressDetail(d: Dice): string {
  switch (d.int(0, 3)) {
    case 0:
      return `${d.pick(STREETS)}${d.int(1, 999)}号${d.pick(COMMUNITIES)}${d.int(1, 30)}栋${d.int(1, 6)}单元${d.int(1, 33)}0${d.int(1, 4)}室`;
    case 1:
      return `${d.pick(COMMUNITIES)}${d.int(1, 40)}号楼${d.int(1, 4)}单元${d.int(1, 30)}0${d.int(1, 4)}`;
    case 2:
      return `${d.pick(STREETS)}${d.int(1, 500)}号${d.pick(TOWERS)}${d.int(2, 38)}楼${d.int(1, 20)}0${d.int(1, 9)}室`;
    default:
      // As typed on a phone: spaces around numbers.
      return `${d.pick(STREETS)} ${d.int(1, 999)} 号 ${d.pick(COMMUNITIES)} ${d.int(1, 30)} 幢 ${d.int(1, 28)}0${d.int(1, 4)}`;
  }
}

export function addressIn(r: Region, d: Dice, detail = addressDetail(d)): AddressBody {
  return { province: r.province, city: r.city, district: d.pick(r.districts.split(' ')), detail };
}

/** Details a courier cannot find (suspect_vague_address). */
export const VAGUE_DETAILS = [
  '人民医院附近',
  '中心小学旁边的小卖部',
  '火车站对面那栋楼',
  '万达广场周边，到了打电话',
  '汽车站附近的菜鸟驿站',
  '学校对面的小区',
] as const;

/** Staff test orders (suspect_test_order), by address. */
export const TEST_DETAILS = ['仓库测试地址 A 区 01 号', '测试专用地址1栋101室'] as const;

const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡杜叶程苏魏吕丁沈姚卢',
];
const GIVEN = [
  ...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉萍红飞鹏浩宇欣怡婷雪琳晨阳子涵睿博文思佳梓轩雨诗嘉俊颖秀兰',
];

export function chineseName(d: Dice): string {
  return `${d.pick(SURNAMES)}${d.chance(0.3) ? d.pick(GIVEN) : d.pick(GIVEN) + d.pick(GIVEN)}`;
}

const MOBILE_PREFIXES =
  '130 131 132 133 135 136 137 138 139 150 151 152 155 156 157 158 159 166 177 180 181 182 183 185 186 187 188 189 199'.split(
    ' ',
  );

/** A valid mainland mobile: a real carrier prefix and eight digits. */
export function mobile(d: Dice): string {
  return `${d.pick(MOBILE_PREFIXES)}${d.digits(8)}`;
}
