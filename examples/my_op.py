# Seed 004's my_op with its variables shared through a dict: two
# placeholders of unknown batch size, one W and one b.
#   tfsc examples/my_op.py --feed image1=8x32 --feed image2=8x32 -o libmy_op.so
import tensorflow as tf

variables_dict = {"weight": tf.Variable(tf.random_normal([32, 10]), name="W"),
                  "bias": tf.Variable(tf.zeros([10]), name="b")}


def my_op(x, variables_dict):
    return x @ variables_dict['weight'] + variables_dict['bias']


image1 = tf.placeholder(tf.float32, shape=(None, 32), name='image1')
image2 = tf.placeholder(tf.float32, shape=(None, 32), name='image2')
result1 = my_op(image1, variables_dict)
result2 = my_op(image2, variables_dict)
print(result1, result2)
