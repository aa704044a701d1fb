package io.flowcast.trainer;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class TrainerConfigTest {
    private static void refused(Consumer<TrainerConfig> change, String message) {
        TrainerConfig c = new TrainerConfig();
        change.accept(c);
        assertThatThrownBy(c::validate).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void shouldAcceptTheDefaultsAndTheRecommendedRecipe() {
        assertThatCode(() -> new TrainerConfig().validate()).doesNotThrowAnyException();
        TrainerConfig v3 = new TrainerConfig();
        v3.featureSet = "features-v3";
        v3.minSellingShare = 0.5;
        v3.meanLossWeight = 0.02;
        assertThatCode(v3::validate).doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseSettingsNoTrainingCanUseNamingTheOption() {
        refused(c -> c.featureSet = "features-v9", "--feature-set must be features-v2 or features-v3, got 'features-v9'");
        refused(c -> c.minSellingShare = 1.5, "--min-selling-share must be in [0, 1], got 1.5");
        refused(c -> c.minSellingShare = -0.1, "--min-selling-share");
        refused(c -> c.meanLossWeight = 0, "--mean-loss-weight must be positive");
        refused(c -> c.meanLossWeight = Double.NaN, "--mean-loss-weight");
        refused(c -> c.lossWeightPower = Double.POSITIVE_INFINITY, "--loss-weight-power");
        refused(c -> c.hidden = 0, "--hidden must be at least 1");
        refused(c -> c.maxEpochs = 0, "--epochs");
        refused(c -> c.batchSize = 0, "--batch-size");
        refused(c -> c.windowLength = 0, "--window");
        refused(c -> c.learningRate = 0, "--learning-rate");
        refused(c -> c.gradientClip = -1, "--gradient-clip");
        refused(c -> c.horizon = 0, "--horizon");
        refused(c -> c.validationBuckets = 0, "--validation-buckets");
    }
}
