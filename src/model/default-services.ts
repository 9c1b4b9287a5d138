/** The default service catalogue of a scenario (scenario.ts `services`), with its sources. */
import { SEGMENTS, type ChannelId, type SegmentId } from './domain.ts';
import type { ServiceIn } from './scenario.ts';

const inc = (v: [number, number, number, number, number, number]) => Object.fromEntries(SEGMENTS.map((g, i) => [g, v[i]])) as Record<SegmentId, number>;
const E_ALL: ChannelId[] = ['web', 'app', 'sms', 'ussd', 'ivr', 'kiosk', 'partner', 'ownStore', 'hotline'];
/**
 * The default services: DOMAIN.md's six classes; incidences shaped on the 2009 web-hall mix (seed
 * 003). Account managers carry, for the customers entitled to one, the consultative services
 * (inquiry 业务咨询, plan change 套餐变更: seed 001's 顾问式服务 for key customers) besides broadband,
 * retention and enterprise solutions.
 */
export const DEFAULT_SERVICES: ServiceIn[] = [
  { id: 'balanceQuery', name: '余额查询 Balance query', class: 'service', queueFree: true, counterMin: 2, complexity: 0.05, channels: E_ALL, incidence: inc([1.2, 1.0, 0.9, 0.7, 0.8, 0.4]) },
  { id: 'billQuery', name: '账单查询 Bill query', class: 'service', queueFree: true, counterMin: 3, complexity: 0.1, channels: E_ALL, incidence: inc([0.3, 0.4, 0.4, 0.3, 0.5, 0.3]) },
  { id: 'usageDetail', name: '详单查询 Usage detail', class: 'service', queueFree: true, counterMin: 4, complexity: 0.2, channels: ['web', 'app', 'kiosk', 'ownStore', 'hotline'], incidence: inc([0.25, 0.35, 0.15, 0.05, 0.3, 0.2]) },
  { id: 'billPrint', name: '账单发票打印 Bill/invoice print', class: 'service', queueFree: true, counterMin: 3, complexity: 0.1, channels: ['kiosk', 'ownStore'], incidence: inc([0.02, 0.15, 0.05, 0.03, 0.25, 0.2]) },
  { id: 'topUp', name: '充值缴费 Top-up / payment', class: 'service', queueFree: true, counterMin: 3, complexity: 0.1, channels: ['web', 'app', 'sms', 'ussd', 'ivr', 'kiosk', 'partner', 'ownStore'], incidence: inc([0.8, 0.5, 0.7, 0.6, 0.4, 0.1]) },
  { id: 'planChange', name: '套餐变更 Plan change', class: 'service', queueFree: true, counterMin: 6, complexity: 0.35, channels: ['web', 'app', 'sms', 'ivr', 'kiosk', 'ownStore', 'hotline', 'accountManager'], incidence: inc([0.1, 0.08, 0.06, 0.04, 0.08, 0.05]) },
  { id: 'passwordReset', name: '密码重置 Password reset', class: 'service', queueFree: true, counterMin: 4, complexity: 0.2, channels: ['web', 'app', 'sms', 'ivr', 'kiosk', 'ownStore', 'hotline'], incidence: inc([0.03, 0.03, 0.03, 0.04, 0.03, 0.02]) },
  { id: 'stopStart', name: '停开机 Stop/start service', class: 'service', queueFree: true, counterMin: 4, complexity: 0.2, channels: ['web', 'app', 'kiosk', 'ivr', 'ownStore', 'hotline'], incidence: inc([0.03, 0.04, 0.03, 0.03, 0.03, 0.02]) },
  { id: 'dataService', name: '数据业务订退 Data services (GPRS, ring-back tone)', class: 'service', queueFree: true, counterMin: 5, complexity: 0.25, channels: ['web', 'app', 'sms', 'ussd', 'ownStore', 'hotline'], incidence: inc([0.6, 0.5, 0.25, 0.05, 0.2, 0.1]) },
  { id: 'inquiry', name: '业务咨询 Inquiry', class: 'service', queueFree: false, counterMin: 5, complexity: 0.5, channels: ['hotline', 'ivr', 'web', 'app', 'ownStore', 'partner', 'accountManager'], incidence: inc([0.2, 0.25, 0.25, 0.3, 0.3, 0.3]) },
  { id: 'pointsRedeem', name: '积分兑换 Points redemption', class: 'incentive', queueFree: false, counterMin: 6, complexity: 0.3, channels: ['web', 'app', 'sms', 'ownStore'], incidence: inc([0.05, 0.08, 0.05, 0.03, 0.03, 0.02]) },
  { id: 'handsetPurchase', name: '购机 Handset purchase', class: 'sales', queueFree: false, counterMin: 15, complexity: 0.5, channels: ['ownStore', 'partner', 'web', 'app'], incidence: inc([0.04, 0.04, 0.025, 0.015, 0.02, 0.02]), handset: true },
  { id: 'broadband', name: '宽带办理 Broadband sign-up', class: 'sales', queueFree: false, counterMin: 15, complexity: 0.5, channels: ['ownStore', 'partner', 'web', 'app', 'hotline', 'accountManager'], incidence: inc([0.005, 0.008, 0.012, 0.004, 0.01, 0.01]) },
  { id: 'retentionOffer', name: '挽留优惠 Retention offer', class: 'retention', queueFree: false, counterMin: 12, complexity: 0.6, channels: ['ownStore', 'hotline', 'accountManager'], incidence: inc([0.01, 0.01, 0.008, 0.005, 0.01, 0.01]) },
  { id: 'enterpriseSolution', name: '集团业务 Enterprise solution', class: 'strategic', queueFree: false, counterMin: 30, complexity: 0.9, channels: ['accountManager', 'ownStore'], incidence: inc([0, 0.002, 0, 0, 0.03, 0.15]) },
  { id: 'simReplace', name: '补换卡 SIM replacement', class: 'sensitive', queueFree: false, counterMin: 8, complexity: 0.4, channels: ['ownStore'], incidence: inc([0.012, 0.01, 0.008, 0.01, 0.008, 0.006]) },
  { id: 'ownershipTransfer', name: '过户 Ownership transfer', class: 'sensitive', queueFree: false, counterMin: 15, complexity: 0.6, channels: ['ownStore'], incidence: inc([0.003, 0.003, 0.004, 0.004, 0.004, 0.003]) },
];
