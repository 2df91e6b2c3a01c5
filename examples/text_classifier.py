# A sentence classifier in the style of TF1 tutorials: word ids -> an
# embedding table (tf.nn.embedding_lookup) -> an LSTM over the words
# (tf.nn.dynamic_rnn with a BasicLSTMCell, whose variables every step
# shares) -> a dense layer on the last state -> class probabilities and the
# predicted class. Word ids outside the vocabulary fail the run with TF's
# InvalidArgumentError text (checked before anything runs).
#   tfsc examples/text_classifier.py -o libtext_classifier.so \
#       [-- BATCH WORDS VOCABULARY EMBEDDING HIDDEN CLASSES]
import sys

import tensorflow as tf

defaults = [4, 16, 5000, 64, 128, 5]
args = [int(a) for a in sys.argv[1:]] + defaults[len(sys.argv) - 1:]
batch, words, vocabulary, embedding_size, hidden, classes = args[:6]

word_ids = tf.placeholder(tf.int32, [batch, words], name="word_ids")
with tf.variable_scope("classifier"):
    embedding = tf.get_variable(
        "embedding", [vocabulary, embedding_size],
        initializer=tf.random_uniform_initializer(-0.1, 0.1))
    embedded = tf.nn.embedding_lookup(embedding, word_ids)
    cell = tf.nn.rnn_cell.BasicLSTMCell(hidden)
    _, state = tf.nn.dynamic_rnn(cell, embedded, dtype=tf.float32)
    logits = tf.layers.dense(state.h, classes, name="logits")
    probabilities = tf.nn.softmax(logits, name="probabilities")
    prediction = tf.argmax(logits, axis=1, name="prediction")
print(probabilities.name, prediction.name,
      [v.name for v in tf.global_variables()])
