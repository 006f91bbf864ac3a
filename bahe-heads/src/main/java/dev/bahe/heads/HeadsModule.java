package dev.bahe.heads;

import com.google.inject.AbstractModule;
import dev.bahe.api.registry.Components;

/**
 * Registers the CTR heads ({@value #DNN}, {@value #LR}, {@value #DCN_V2}, {@value #DCN_V2_STACKED}) and the
 * dimension reducers ({@value #LINEAR}, {@value #IDENTITY}) of this module by name. Install it beside a
 * {@link dev.bahe.api.registry.ComponentSelectionModule} that picks one of each. No I/O, no state.
 */
public final class HeadsModule extends AbstractModule {

  public static final String DNN = "dnn";
  public static final String LR = "lr";
  /** DCN-v2 with the cross and deep networks side by side (parallel). */
  public static final String DCN_V2 = "dcnv2";
  /** DCN-v2 with the deep network on top of the cross network (stacked). */
  public static final String DCN_V2_STACKED = "dcnv2-stacked";
  public static final String LINEAR = "linear";
  public static final String IDENTITY = "identity";

  @Override
  protected void configure() {
    var heads = Components.heads(binder());
    heads.addBinding(DNN).to(DnnHead.class);
    heads.addBinding(LR).to(LogisticRegressionHead.class);
    heads.addBinding(DCN_V2).toInstance(new DcnV2Head(DcnV2Block.Structure.PARALLEL));
    heads.addBinding(DCN_V2_STACKED).toInstance(new DcnV2Head(DcnV2Block.Structure.STACKED));

    var reducers = Components.reducers(binder());
    reducers.addBinding(LINEAR).to(LinearReducer.class);
    reducers.addBinding(IDENTITY).to(IdentityReducer.class);
  }
}
