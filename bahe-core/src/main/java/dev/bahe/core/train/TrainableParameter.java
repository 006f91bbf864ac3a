package dev.bahe.core.train;

import ai.djl.nn.Parameter;

/**
 * A parameter the trainer updates, with its optimizer group.
 *
 * @param name the name under which {@code block.getParameters()} lists it
 * @param parameter the parameter
 * @param backbone whether it learns at the backbone learning rate
 * @param decay whether decoupled weight decay applies (weights only; not biases or normalisation scales)
 */
record TrainableParameter(String name, Parameter parameter, boolean backbone, boolean decay) {}
