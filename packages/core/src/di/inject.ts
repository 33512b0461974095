import type { TypedInject, TypedMultiInject } from '@inversifyjs/strongly-typed';
import { inject, multiInject } from 'inversify';
import type { ServiceMap } from './ServiceMap.js';

/**
 * `@inject` typed against {@link ServiceMap}: the id must exist and the parameter's type must match.
 * Put it on every constructor parameter; bundlers drop the metadata autobinding relies on.
 * @example
 * ```ts
 * constructor(@$inject('core.Events') private readonly events: RuntimeEvents) {}
 * ```
 * @category DI
 */
export const $inject = inject as unknown as TypedInject<ServiceMap>;

/**
 * `@multiInject` typed against {@link ServiceMap}.
 * @category DI
 */
export const $multiInject = multiInject as unknown as TypedMultiInject<ServiceMap>;
