package dev.bahe.heads;

import dev.bahe.api.config.HeadOptions;
import dev.bahe.api.model.CtrHead;
import java.util.List;

/** The DNN head with GELU and no dropout: training and inference must then agree exactly. */
class DnnHeadWithoutDropoutTest extends CtrHeadContractTest {

  @Override
  protected CtrHead head() {
    return new DnnHead();
  }

  @Override
  protected HeadOptions options() {
    return new HeadOptions("dnn", List.of(10), "gelu", 0, 0);
  }

  @Override
  protected boolean hasDropout() {
    return false;
  }
}
