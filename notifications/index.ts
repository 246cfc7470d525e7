export { startNotifier, NOTIFIER_GROUP, type Notifier, type NotifierOptions } from './notifier';
export { NOT_SENT } from './record-events';
export { renderEmail, formatMoney } from './render-email';
