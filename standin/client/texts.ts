/**
 * What the stand-in renders in each Dialtone generation and language. `config` is set once by
 * main.ts from the page's `#standin-config` before anything renders (Node tests keep the defaults).
 * Where each text comes from: tests/fixtures/dialpad/README.md ("Texts").
 */
import type { Lang, Markup } from '../types';

export const config: { markup: Markup; lang: Lang; now: () => number } = { markup: '2024', lang: 'ja', now: () => Date.now() };

const EN = {
  ringing: 'Ringing...',
  connecting: 'Connecting Call',
  active: 'Active Call',
  onHold: 'On hold',
  callerId: 'Caller ID:',
  clickToAnswer: 'Click to answer',
  endCall: 'End Call',
  calling: 'Calling…',
  recording: 'Recording',
  hangUp: 'Hang up',
  answer: 'Answer',
  decline: 'Decline',
  mute: 'Mute',
  hold: 'Hold',
  unhold: 'Unhold',
  record: 'Record',
  transfer: 'Transfer',
  park: 'Park',
  more: 'More',
  incomingCall: 'Incoming call',
  outgoingCall: 'Outgoing call',
  internalCall: 'Internal call',
  coworker: 'Coworker',
  missedCall: 'Missed call',
  declinedCall: 'Declined call',
  voicemail: 'Voicemail',
  noAnswer: 'No answer',
  callDetails: 'Call details',
  recordingLink: 'Recording',
  today: 'Today',
  yesterday: 'Yesterday',
  inbox: 'Inbox',
  contacts: 'Contacts',
  coworkers: 'Coworkers',
  history: 'History',
  messages: 'Messages',
  all: 'All',
  calls: 'Calls',
  missed: 'Missed',
  voicemails: 'Voicemails',
  recordings: 'Recordings',
  frequent: 'Frequent',
  call: 'Call',
  phone: 'Phone',
  email: 'Email',
  company: 'Company',
  jobTitle: 'Job title',
  extension: 'Extension',
  department: 'Department',
  activity: 'Activity',
  noActivity: 'No activity yet.',
  noCalls: 'No calls yet.',
  searchDialpad: 'Search Dialpad',
  oneTab: 'Dialpad supports only one active app tab',
  useHere: 'Use here',
  sharingScreen: 'Sharing screen',
  leave: 'Leave',
  presence: { active: 'Available', away: 'Away', busy: 'On a call', offline: 'Offline' },
};

const JA: typeof EN = {
  ringing: '着信中...',
  connecting: '発信中',
  active: '通話中',
  onHold: '保留中',
  callerId: '発信者番号:',
  clickToAnswer: 'クリックして応答',
  endCall: '通話を終了',
  calling: '発信中…',
  recording: '録音中',
  hangUp: '通話を終了',
  answer: '応答',
  decline: '拒否',
  mute: 'ミュート',
  hold: '保留',
  unhold: '保留解除',
  record: '録音',
  transfer: '転送',
  park: 'パーク',
  more: 'その他',
  incomingCall: '着信',
  outgoingCall: '発信',
  internalCall: '社内通話',
  coworker: 'チームメンバー',
  missedCall: '不在着信',
  declinedCall: '拒否した着信',
  voicemail: 'ボイスメール',
  noAnswer: '応答なし',
  callDetails: '通話の詳細',
  recordingLink: 'レコーディング',
  today: '今日',
  yesterday: '昨日',
  inbox: '受信トレイ',
  contacts: '連絡先',
  coworkers: 'チームメンバー',
  history: '通話履歴',
  messages: 'メッセージ',
  all: 'すべて',
  calls: '通話',
  missed: '不在着信',
  voicemails: 'ボイスメール',
  recordings: 'レコーディング',
  frequent: 'よく使う連絡先',
  call: '電話をかける',
  phone: '電話番号',
  email: 'メールアドレス',
  company: '社名',
  jobTitle: '役職',
  extension: '内線',
  department: '部署',
  activity: 'アクティビティ',
  noActivity: 'まだアクティビティはありません。',
  noCalls: 'まだ通話はありません。',
  searchDialpad: 'Dialpad を検索',
  oneTab: 'Dialpad でアクティブにできるアプリのタブは 1 つだけです',
  useHere: 'ここで使用',
  sharingScreen: '画面を共有中',
  leave: '退出',
  presence: { active: '対応可能', away: '離席中', busy: '通話中', offline: 'オフライン' },
};

export function t(): typeof EN {
  return config.lang === 'ja' ? JA : EN;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** History durations: "3m 12s" / "3分12秒", "45s" / "45秒", "1h 2m 3s" / "1時間2分3秒". */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const [h, m, sec] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  if (config.lang === 'ja') return `${h ? `${h}時間` : ''}${h || m ? `${m}分` : ''}${sec}秒`;
  return [h ? `${h}h` : '', h || m ? `${m}m` : '', `${sec}s`].filter(Boolean).join(' ');
}

/** "3:45 pm" / "15:45". */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  if (config.lang === 'ja') return `${d.getHours()}:${pad(d.getMinutes())}`;
  const h = d.getHours() % 12 || 12;
  return `${h}:${pad(d.getMinutes())} ${d.getHours() < 12 ? 'am' : 'pm'}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * When a call happened, as the history list shows it (visible text, no `<time datetime>`):
 * "Today 3:45 pm" / "今日 15:45", "Yesterday 9:02 am" / "昨日 9:02", older "Jun 3" / "6月3日".
 */
export function formatWhen(ms: number, now: number): string {
  const day = (value: number) => {
    const d = new Date(value);
    return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  };
  const days = Math.round((day(now) - day(ms)) / 86_400_000);
  if (days === 0) return `${t().today} ${formatClock(ms)}`;
  if (days === 1) return `${t().yesterday} ${formatClock(ms)}`;
  const d = new Date(ms);
  return config.lang === 'ja' ? `${d.getMonth() + 1}月${d.getDate()}日` : `${MONTHS[d.getMonth()]} ${d.getDate()}`;
}

/** "1 Participant" / "参加者 1 人". */
export function participants(count: number): string {
  return config.lang === 'ja' ? `参加者 ${count} 人` : `${count} Participant${count === 1 ? '' : 's'}`;
}

/** Extension after a number: "ext. 12" / "内線 12". */
export function extensionText(ext: string): string {
  return config.lang === 'ja' ? `内線 ${ext}` : `ext. ${ext}`;
}
