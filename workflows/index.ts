export { orderSaga } from './order-saga';
