/** Types shared by gankit's custom tfjs-layers layers. */
import type * as tfl from '@tensorflow/tfjs-layers';

/**
 * Constructor arguments of tfjs-layers' `Layer` (name, inputShape, trainable, …); tfjs-layers does not
 * export the interface from its entry point.
 */
export type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;
