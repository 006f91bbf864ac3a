package dev.bahe.heads;

import dev.bahe.api.config.HeadOptions;
import dev.bahe.api.model.CtrHead;
import java.util.List;

/** DCN-v2, stacked structure, tanh deep part without dropout. */
class DcnV2StackedHeadTest extends CtrHeadContractTest {

  @Override
  protected CtrHead head() {
    return new DcnV2Head(DcnV2Block.Structure.STACKED);
  }

  @Override
  protected HeadOptions options() {
    return new HeadOptions("dcnv2-stacked", List.of(16), "tanh", 0, 2);
  }

  @Override
  protected boolean hasDropout() {
    return false;
  }
}
