package org.edtriage.model.zoo;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

import java.util.List;

/** Building blocks the architectures share: conv + batch norm, residual sums, concat pooling. */
final class Layers {
    private Layers() {
    }

    /** 1-D convolution ('same' padding for odd kernels) followed by batch norm; the conv has no bias (BN has one). */
    static SequentialBlock convBn(int filters, int kernel, int stride) {
        return new SequentialBlock()
                .add(Conv1d.builder().setFilters(filters).setKernelShape(new Shape(kernel)).optStride(new Shape(stride))
                        .optPadding(new Shape((kernel - 1) / 2)).optBias(false).build())
                .add(BatchNorm.builder().build());
    }

    /** main(x) + shortcut(x), then ReLU. */
    static Block residual(Block main, Block shortcut) {
        return new SequentialBlock()
                .add(new ParallelBlock(list -> new NDList(list.get(0).singletonOrThrow().add(list.get(1).singletonOrThrow())),
                        List.of(main, shortcut)))
                .add(Activation::relu);
    }

    /** fastai's concat pooling: [adaptive max, adaptive average] over time, flattened. */
    static Block concatPool() {
        return new SequentialBlock()
                .add(new ParallelBlock(list -> new NDList(list.get(0).singletonOrThrow().concat(list.get(1).singletonOrThrow(), 1)),
                        List.of(Pool.globalMaxPool1dBlock(), Pool.globalAvgPool1dBlock())))
                .add(Blocks.batchFlattenBlock());
    }
}
