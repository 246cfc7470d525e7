/** The custom search attributes the saga keeps current; registered by the stack and by docker-compose. */
export const ORDER_SEARCH_ATTRIBUTES = {
  OrderStatus: 'Keyword',
  CustomerId: 'Keyword',
  OrderTotalCents: 'Int',
} as const;
