/**
 * Generated from the API's OpenAPI document by `npm run api-types`; do not edit.
 */

export interface paths {
    "/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List orders from the read model (USER: own; SELLER: with their products; ADMIN: all) */
        get: {
            parameters: {
                query?: {
                    status?: "PENDING" | "CONFIRMED" | "REJECTED" | "PAID" | "FULFILLED" | "CANCELLED";
                    limit?: number;
                    /** @description SELLER: only orders whose lines of the seller's products have (true) or have not (false) shipped; ignored for other roles */
                    shipped?: "true" | "false";
                    /** @description ADMIN: one customer's orders; ignored for other roles */
                    customerId?: string;
                    /** @description placed at or after this instant */
                    from?: string;
                    /** @description placed before this instant */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description orders, newest first; to a SELLER, its part of each */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["OrderSummary"][];
                        } | {
                            items: components["schemas"]["SellerOrderSummary"][];
                        };
                    };
                };
                /** @description malformed request: the body is not valid JSON, or a header is outside its limits */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description missing or invalid bearer token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description invalid input; `errors` names each field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description a dependency is unavailable, or the order service is at capacity (see Retry-After); nothing was recorded */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /** Place an order (USER); idempotent per Idempotency-Key */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description 1 to 255 visible ASCII characters (400 otherwise); the same key (for the same customer) never makes a second order; reused for a different body it is 422 */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["PlaceOrder"];
                };
            };
            responses: {
                /** @description replay of the same key */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OrderResource"];
                    };
                };
                /** @description created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OrderResource"];
                    };
                };
                /** @description malformed request: the body is not valid JSON, or a header is outside its limits */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description missing or invalid bearer token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description the token lacks the role, or the product belongs to another seller */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description the customer already holds as much as one customer may unpaid: UNPAID_ORDERS_PER_CUSTOMER (default 10) orders not yet paid, or UNPAID_UNITS_PER_CUSTOMER (default 100) units of stock across them, this order included. `limit` names it (`unpaidOrders` or `unpaidUnits`), `max` is its value, `unpaidOrders` and `unpaidUnits` what the customer holds now; nothing was recorded */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description the body is larger than 64 kB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description the JSON body is in a charset other than UTF-8 */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description invalid input; `errors` names each field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description this caller (token subject) is over ORDER_RATE_PER_CALLER (default 30/1m), ORDER_CARD_ATTEMPTS_PER_CALLER (with `payment`; default 20/1h) or ORDER_IN_FLIGHT_PER_CALLER (default a quarter of ORDER_ADMISSION_CONCURRENCY); `limit` names it; nothing was recorded */
                429: {
                    headers: {
                        /** @description seconds to wait */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description a dependency is unavailable, the order service is at capacity, or a product named is held by another session for longer than a reservation takes (`busyProductIds` names them); nothing was recorded, retry after Retry-After */
                503: {
                    headers: {
                        /** @description seconds to wait */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/orders/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Live status (owner, a SELLER of a product in it, ADMIN) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the order; to a SELLER, its part of it */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OrderResource"] | components["schemas"]["SellerOrderResource"];
                    };
                };
                /** @description malformed request: the body is not valid JSON, or a header is outside its limits */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description missing or invalid bearer token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description unknown, or not yours */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description this caller (token subject) is over ORDER_QUERY_RATE_PER_CALLER (default 600/1m) */
                429: {
                    headers: {
                        /** @description seconds to wait */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description a dependency is unavailable, or the order service is at capacity (see Retry-After); nothing was recorded */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/orders/{id}/payment": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pay within the window (owner) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["SubmitPayment"];
                };
            };
            responses: {
                /** @description PAID, or CANCELLED when declined */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Order"];
                    };
                };
                /** @description accepted, and still under way after 3 s (a slow refund, say): the order as it is now; GET it to follow */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Order"];
                    };
                };
                /** @description malformed request: the body is not valid JSON, or a header is outside its limits */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description missing or invalid bearer token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description the token lacks the role, or the product belongs to another seller */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description unknown, or not yours */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description the order's state does not allow it (e.g. a cancel once a line has shipped) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description the body is larger than 64 kB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description the JSON body is in a charset other than UTF-8 */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description invalid input; `errors` names each field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description this caller (token subject) is over ORDER_CARD_ATTEMPTS_PER_CALLER (default 20/1h); no charge was attempted */
                429: {
                    headers: {
                        /** @description seconds to wait */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description a dependency is unavailable, or the order service is at capacity (see Retry-After); nothing was recorded */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/orders/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel; refunds when paid; refused once any line has shipped (owner, ADMIN) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description CANCELLED (reason refunded when it was paid, refund_failed when the PSP refused) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Order"];
                    };
                };
                /** @description accepted, and still under way after 3 s (a slow refund, say): the order as it is now; GET it to follow */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Order"];
                    };
                };
                /** @description malformed request: the body is not valid JSON, or a header is outside its limits */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description missing or invalid bearer token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description the token lacks the role, or the product belongs to another seller */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description unknown, or not yours */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description the order's state does not allow it (e.g. a cancel once a line has shipped) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description a dependency is unavailable, or the order service is at capacity (see Retry-After); nothing was recorded */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/orders/{id}/fulfill": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ship: a SELLER ships their own lines, an ADMIN every line left; FULFILLED once all have shipped */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description PAID with the shipment recorded, or FULFILLED after the last one; to a SELLER, its part */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Order"] | components["schemas"]["SellerOrder"];
                    };
                };
                /** @description accepted, and still under way after 3 s (a slow refund, say): the order as it is now; GET it to follow */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Order"] | components["schemas"]["SellerOrder"];
                    };
                };
                /** @description malformed request: the body is not valid JSON, or a header is outside its limits */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description missing or invalid bearer token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description the token lacks the role, or the product belongs to another seller */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description unknown, or not yours */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description the order's state does not allow it (e.g. a cancel once a line has shipped) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description a dependency is unavailable, or the order service is at capacity (see Retry-After); nothing was recorded */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/products": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Catalog with available stock (no token needed), by sku, in pages: follow `nextCursor` until it is null */
        get: {
            parameters: {
                query?: {
                    /** @description products per page */
                    limit?: number;
                    /** @description the previous page's `nextCursor` (its last sku): the page after it. Any sku is a place in the catalog */
                    cursor?: string;
                    /** @description only these products: comma-separated ids, at most 200 (the ids a `catalog` event of GET /live names) */
                    ids?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description one page of products */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ProductPage"];
                    };
                };
                /** @description malformed request: the body is not valid JSON, or a header is outside its limits */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description missing or invalid bearer token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description invalid input; `errors` names each field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description a dependency is unavailable, or the order service is at capacity (see Retry-After); nothing was recorded */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /** Create a product (SELLER, ADMIN); it belongs to the seller who creates it. At most PRODUCTS_PER_SELLER (default 1000) per seller */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateProduct"];
                };
            };
            responses: {
                /** @description created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Product"];
                    };
                };
                /** @description malformed request: the body is not valid JSON, or a header is outside its limits */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description missing or invalid bearer token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description the token lacks the role, or the product belongs to another seller */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description the sku exists already, or the seller has as many products as PRODUCTS_PER_SELLER allows (`limit` names it, `max` is its value); nothing was created */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description the body is larger than 64 kB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description the JSON body is in a charset other than UTF-8 */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description invalid input; `errors` names each field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description a dependency is unavailable, or the order service is at capacity (see Retry-After); nothing was recorded */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/products/{id}/restock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add stock (the product's SELLER, ADMIN); idempotent per Idempotency-Key */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description 1 to 255 visible ASCII characters (400 otherwise); the same key adds the stock once */
                    "Idempotency-Key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["Restock"];
                };
            };
            responses: {
                /** @description the product */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Product"];
                    };
                };
                /** @description malformed request: the body is not valid JSON, or a header is outside its limits */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description missing or invalid bearer token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description the token lacks the role, or the product belongs to another seller */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description unknown, or not yours */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description the restock would take the product past MAX_ON_HAND (1,000,000,000 units on hand); `limit` names it; nothing was added */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description the body is larger than 64 kB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description the JSON body is in a charset other than UTF-8 */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description invalid input; `errors` names each field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description a dependency is unavailable, or the order service is at capacity (see Retry-After); nothing was recorded */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Server-Sent Events: `order` ({id, status}) when an order the caller may see changes in the read model (a SELLER: when its part changes, its status or its own lines shipping), `catalog` ({productIds}, or {} when any product may have changed) when stock changes */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description an event stream; `ready` first, then changes as they are projected. It ends when the token expires (connect again with a fresh one; an expired token is 401) and when the reader falls more than LIVE_STREAM_BUFFER_BYTES (default 64 KiB) behind */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": {
                            /** @enum {string} */
                            event: "ready";
                            /**
                             * @description JSON: { live: boolean } (false while this API process cannot listen for changes)
                             * @example {"live":true}
                             */
                            data: string;
                            id?: string;
                            retry?: number;
                        } | {
                            /** @enum {string} */
                            event: "order";
                            /**
                             * @description JSON: { id: uuid, status: PENDING | CONFIRMED | REJECTED | PAID | FULFILLED | CANCELLED }
                             * @example {"id":"0b7e5c4a-3f7e-4c52-9a4e-5b8f6b8d2f10","status":"PAID"}
                             */
                            data: string;
                            id?: string;
                            retry?: number;
                        } | {
                            /** @enum {string} */
                            event: "catalog";
                            /**
                             * @description JSON: { productIds?: uuid[] } (absent when any product may have changed)
                             * @example {"productIds":["5d0f1f8e-8f8b-4b0e-9d8e-2c9b0b1f7a11"]}
                             */
                            data: string;
                            id?: string;
                            retry?: number;
                        };
                    };
                };
                /** @description malformed request: the body is not valid JSON, or a header is outside its limits */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description missing or invalid bearer token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description this caller (token subject) has LIVE_STREAMS_PER_CALLER (default 5) streams open already */
                429: {
                    headers: {
                        /** @description seconds to wait */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description this API process serves LIVE_STREAMS_TOTAL (default 1000) streams already, or is stopping, or a dependency is unavailable */
                503: {
                    headers: {
                        /** @description seconds to wait */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/overview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Orders by status, orders placed per minute, and where the Temporal Web UI is (ADMIN) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the overview */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Overview"];
                    };
                };
                /** @description malformed request: the body is not valid JSON, or a header is outside its limits */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description missing or invalid bearer token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description the token lacks the role, or the product belongs to another seller */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description a dependency is unavailable, or the order service is at capacity (see Retry-After); nothing was recorded */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/pipeline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The event pipeline's health, read from the relay's, projector's and notifier's metrics (ADMIN) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the pipeline */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Pipeline"];
                    };
                };
                /** @description malformed request: the body is not valid JSON, or a header is outside its limits */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description missing or invalid bearer token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description the token lacks the role, or the product belongs to another seller */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description a dependency is unavailable, or the order service is at capacity (see Retry-After); nothing was recorded */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/payment-drill": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The payment gateway mock's failure drill now (ADMIN) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the drill */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DrillState"];
                    };
                };
                /** @description malformed request: the body is not valid JSON, or a header is outside its limits */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description missing or invalid bearer token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description the token lacks the role, or the product belongs to another seller */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description a dependency is unavailable, or the order service is at capacity (see Retry-After); nothing was recorded */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /** Make the payment gateway mock refuse (`fail`) or delay (`slow`) every charge for a while, or end the drill (`off`) (ADMIN) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["StartDrill"];
                };
            };
            responses: {
                /** @description the drill */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DrillState"];
                    };
                };
                /** @description malformed request: the body is not valid JSON, or a header is outside its limits */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description missing or invalid bearer token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description the token lacks the role, or the product belongs to another seller */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description the body is larger than 64 kB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description the JSON body is in a charset other than UTF-8 */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description invalid input; `errors` names each field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description a dependency is unavailable, or the order service is at capacity (see Retry-After); nothing was recorded */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/dev/people": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The demo people of the local stack (development only) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description people */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["DemoPerson"][];
                        };
                    };
                };
                /** @description malformed request: the body is not valid JSON, or a header is outside its limits */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description missing or invalid bearer token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description a dependency is unavailable, or the order service is at capacity (see Retry-After); nothing was recorded */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/dev/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A 12-hour token for a demo person, signed with the development secret (development only) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["DevSignIn"];
                };
            };
            responses: {
                /** @description the token */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            token: string;
                            person: components["schemas"]["DemoPerson"];
                        };
                    };
                };
                /** @description malformed request: the body is not valid JSON, or a header is outside its limits */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description missing or invalid bearer token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description unknown, or not yours */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description the body is larger than 64 kB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description the JSON body is in a charset other than UTF-8 */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description invalid input; `errors` names each field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description a dependency is unavailable, or the order service is at capacity (see Retry-After); nothing was recorded */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description alive */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness of PostgreSQL, Temporal and Kafka */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description ready */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description not ready */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This document */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OpenAPI 3 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        PlaceOrder: {
            items: {
                /** Format: uuid */
                productId: string;
                quantity: number;
            }[];
            payment?: {
                token: string & (string);
            };
        };
        SubmitPayment: {
            token: string & (string);
        };
        CreateProduct: {
            sku: string;
            name: string & (string);
            priceCents: number;
            currency: string;
            onHand: number;
        };
        Restock: {
            quantity: number;
        };
        StartDrill: {
            /** @enum {string} */
            mode: "fail" | "slow" | "off";
            seconds?: number;
            delayMs?: number;
        };
        DevSignIn: {
            person: string;
        };
        Order: {
            /** Format: uuid */
            id: string;
            customerId: string;
            /** @enum {string} */
            status: "PENDING" | "CONFIRMED" | "REJECTED" | "PAID" | "FULFILLED" | "CANCELLED";
            /**
             * @description CANCELLED: why; REJECTED: invalid_order when its data was refused (absent when short of stock)
             * @enum {string}
             */
            reason?: "payment_declined" | "payment_timeout" | "customer_cancelled" | "refunded" | "refund_failed" | "invalid_order";
            items: {
                /** Format: uuid */
                productId: string;
                quantity: number;
                unitPriceCents: number;
                /** @description who ships the line (absent on older orders) */
                sellerId?: string;
            }[];
            totalCents: number;
            /** @example EUR */
            currency: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            timeline: {
                /** Format: date-time */
                at: string;
                /** @enum {string} */
                status: "PENDING" | "CONFIRMED" | "REJECTED" | "PAID" | "FULFILLED" | "CANCELLED";
                note: string;
            }[];
            /** @description what the saga is doing now */
            step: string;
            /** @description what has shipped so far (absent until the first shipment) */
            shipments?: {
                /** Format: date-time */
                at: string;
                /** @description absent when an ADMIN shipped */
                sellerId?: string;
                productIds: string[];
            }[];
            /**
             * Format: date-time
             * @description until when the order may be paid (set once stock is reserved)
             */
            paymentDueAt?: string;
            /** @description REJECTED: each line the stock could not cover */
            shortages?: {
                /** Format: uuid */
                productId: string;
                requested: number;
                available: number;
            }[];
        };
        OrderResource: {
            /** Format: uuid */
            id: string;
            customerId: string;
            /** @enum {string} */
            status: "PENDING" | "CONFIRMED" | "REJECTED" | "PAID" | "FULFILLED" | "CANCELLED";
            /**
             * @description CANCELLED: why; REJECTED: invalid_order when its data was refused (absent when short of stock)
             * @enum {string}
             */
            reason?: "payment_declined" | "payment_timeout" | "customer_cancelled" | "refunded" | "refund_failed" | "invalid_order";
            items: {
                /** Format: uuid */
                productId: string;
                quantity: number;
                unitPriceCents: number;
                /** @description who ships the line (absent on older orders) */
                sellerId?: string;
            }[];
            totalCents: number;
            /** @example EUR */
            currency: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            timeline: {
                /** Format: date-time */
                at: string;
                /** @enum {string} */
                status: "PENDING" | "CONFIRMED" | "REJECTED" | "PAID" | "FULFILLED" | "CANCELLED";
                note: string;
            }[];
            /** @description what the saga is doing now */
            step: string;
            /** @description what has shipped so far (absent until the first shipment) */
            shipments?: {
                /** Format: date-time */
                at: string;
                /** @description absent when an ADMIN shipped */
                sellerId?: string;
                productIds: string[];
            }[];
            /**
             * Format: date-time
             * @description until when the order may be paid (set once stock is reserved)
             */
            paymentDueAt?: string;
            /** @description REJECTED: each line the stock could not cover */
            shortages?: {
                /** Format: uuid */
                productId: string;
                requested: number;
                available: number;
            }[];
            _links: {
                self: string;
                payment: string;
                cancel: string;
                fulfill: string;
            };
        };
        OrderSummary: {
            /** Format: uuid */
            id: string;
            customerId: string;
            /** @enum {string} */
            status: "PENDING" | "CONFIRMED" | "REJECTED" | "PAID" | "FULFILLED" | "CANCELLED";
            /**
             * @description CANCELLED: why; REJECTED: invalid_order when its data was refused (absent when short of stock)
             * @enum {string}
             */
            reason?: "payment_declined" | "payment_timeout" | "customer_cancelled" | "refunded" | "refund_failed" | "invalid_order";
            items: {
                /** Format: uuid */
                productId: string;
                quantity: number;
                unitPriceCents: number;
                /** @description who ships the line (absent on older orders) */
                sellerId?: string;
            }[];
            totalCents: number;
            /** @example EUR */
            currency: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        SellerOrder: {
            /** Format: uuid */
            id: string;
            /** @description the seller whose part of the order this is */
            sellerId: string;
            /** @enum {string} */
            status: "PENDING" | "CONFIRMED" | "REJECTED" | "PAID" | "FULFILLED" | "CANCELLED";
            /**
             * @description CANCELLED: why; REJECTED: invalid_order when its data was refused (absent when short of stock)
             * @enum {string}
             */
            reason?: "payment_declined" | "payment_timeout" | "customer_cancelled" | "refunded" | "refund_failed" | "invalid_order";
            /** @description the seller's own lines */
            items: {
                /** Format: uuid */
                productId: string;
                quantity: number;
                unitPriceCents: number;
                /** @description who ships the line (absent on older orders) */
                sellerId?: string;
            }[];
            /** @description the seller's own lines: unit price × quantity, summed */
            subtotalCents: number;
            /** @example EUR */
            currency: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            /** @description the order's status changes, and the shipments of the seller's own lines */
            timeline: {
                /** Format: date-time */
                at: string;
                /** @enum {string} */
                status: "PENDING" | "CONFIRMED" | "REJECTED" | "PAID" | "FULFILLED" | "CANCELLED";
                note: string;
            }[];
            /** @description shipments of the seller's own lines (absent until the first) */
            shipments?: {
                /** Format: date-time */
                at: string;
                /** @description absent when an ADMIN shipped */
                sellerId?: string;
                productIds: string[];
            }[];
            /**
             * Format: date-time
             * @description until when the order may be paid (set once stock is reserved)
             */
            paymentDueAt?: string;
            /** @description REJECTED: each of the seller's lines the stock could not cover */
            shortages?: {
                /** Format: uuid */
                productId: string;
                requested: number;
                available: number;
            }[];
        };
        SellerOrderResource: {
            /** Format: uuid */
            id: string;
            /** @description the seller whose part of the order this is */
            sellerId: string;
            /** @enum {string} */
            status: "PENDING" | "CONFIRMED" | "REJECTED" | "PAID" | "FULFILLED" | "CANCELLED";
            /**
             * @description CANCELLED: why; REJECTED: invalid_order when its data was refused (absent when short of stock)
             * @enum {string}
             */
            reason?: "payment_declined" | "payment_timeout" | "customer_cancelled" | "refunded" | "refund_failed" | "invalid_order";
            /** @description the seller's own lines */
            items: {
                /** Format: uuid */
                productId: string;
                quantity: number;
                unitPriceCents: number;
                /** @description who ships the line (absent on older orders) */
                sellerId?: string;
            }[];
            /** @description the seller's own lines: unit price × quantity, summed */
            subtotalCents: number;
            /** @example EUR */
            currency: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            /** @description the order's status changes, and the shipments of the seller's own lines */
            timeline: {
                /** Format: date-time */
                at: string;
                /** @enum {string} */
                status: "PENDING" | "CONFIRMED" | "REJECTED" | "PAID" | "FULFILLED" | "CANCELLED";
                note: string;
            }[];
            /** @description shipments of the seller's own lines (absent until the first) */
            shipments?: {
                /** Format: date-time */
                at: string;
                /** @description absent when an ADMIN shipped */
                sellerId?: string;
                productIds: string[];
            }[];
            /**
             * Format: date-time
             * @description until when the order may be paid (set once stock is reserved)
             */
            paymentDueAt?: string;
            /** @description REJECTED: each of the seller's lines the stock could not cover */
            shortages?: {
                /** Format: uuid */
                productId: string;
                requested: number;
                available: number;
            }[];
            _links: {
                self: string;
                payment: string;
                cancel: string;
                fulfill: string;
            };
        };
        SellerOrderSummary: {
            /** Format: uuid */
            id: string;
            /** @description the seller whose part of the order this is */
            sellerId: string;
            /** @enum {string} */
            status: "PENDING" | "CONFIRMED" | "REJECTED" | "PAID" | "FULFILLED" | "CANCELLED";
            /**
             * @description CANCELLED: why; REJECTED: invalid_order when its data was refused (absent when short of stock)
             * @enum {string}
             */
            reason?: "payment_declined" | "payment_timeout" | "customer_cancelled" | "refunded" | "refund_failed" | "invalid_order";
            /** @description the seller's own lines */
            items: {
                /** Format: uuid */
                productId: string;
                quantity: number;
                unitPriceCents: number;
                /** @description who ships the line (absent on older orders) */
                sellerId?: string;
            }[];
            /** @description the seller's own lines: unit price × quantity, summed */
            subtotalCents: number;
            /** @example EUR */
            currency: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        Product: {
            /** Format: uuid */
            id: string;
            sku: string;
            name: string;
            priceCents: number;
            currency: string;
            onHand: number;
            reserved: number;
            available: number;
            sellerId: string;
        };
        ProductPage: {
            items: {
                /** Format: uuid */
                id: string;
                sku: string;
                name: string;
                priceCents: number;
                currency: string;
                onHand: number;
                reserved: number;
                available: number;
                sellerId: string;
            }[];
            nextCursor: string | null;
        };
        Overview: {
            countsByStatus: {
                [key: string]: number;
            };
            placedPerMinute: {
                /** Format: date-time */
                minute: string;
                placed: number;
            }[];
            temporalUi: {
                url: string;
                namespace: string;
                workflowIdPrefix: string;
            };
        };
        Pipeline: {
            sources: {
                process: string;
                url: string;
                up: boolean;
                error?: string;
            }[];
            outboxBacklog: {
                table: string;
                rows: number;
            }[];
            publishLagMs?: number;
            publishErrors?: number;
            projectorLagMessages?: number;
            projectorEventLagMs?: number;
            deadLettered?: number;
            emailsFailed?: number;
        };
        DrillState: {
            /** @enum {string} */
            mode: "fail" | "slow" | "off";
            /** Format: date-time */
            until?: string;
            delayMs?: number;
        };
        DemoPerson: {
            id: string;
            name: string;
            /** @enum {string} */
            role: "USER" | "SELLER" | "ADMIN";
            /** Format: email */
            email?: string;
        };
        Problem: {
            type?: string;
            title?: string;
            status?: number;
            detail?: string;
            instance?: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
