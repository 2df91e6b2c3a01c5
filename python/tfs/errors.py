# ===- errors.py - tf.errors ------------------------------------------------===#
#
# TensorFlow's runtime error classes (`tf.errors`): OpError and its
# subclasses, with TF's error codes. tf.Session raises them, e.g.
# FailedPreconditionError for a read of an uninitialized variable.
#
# ===-----------------------------------------------------------------------===#
"""Exception types for TensorFlow errors (`tf.errors`)."""

OK = 0
CANCELLED = 1
UNKNOWN = 2
INVALID_ARGUMENT = 3
DEADLINE_EXCEEDED = 4
NOT_FOUND = 5
ALREADY_EXISTS = 6
PERMISSION_DENIED = 7
RESOURCE_EXHAUSTED = 8
FAILED_PRECONDITION = 9
ABORTED = 10
OUT_OF_RANGE = 11
UNIMPLEMENTED = 12
INTERNAL = 13
UNAVAILABLE = 14
DATA_LOSS = 15
UNAUTHENTICATED = 16


class OpError(Exception):
    """A generic error raised when running a graph (TF's `tf.errors.OpError`)."""

    def __init__(self, node_def, op, message, error_code):
        super(OpError, self).__init__()
        self._node_def = node_def
        self._op = op
        self._message = message
        self._error_code = error_code

    @property
    def message(self):
        return self._message

    @property
    def op(self):
        return self._op

    @property
    def error_code(self):
        return self._error_code

    @property
    def node_def(self):
        return self._node_def

    def __str__(self):
        return self._message

    def __reduce__(self):
        return (type(self), (self._node_def, self._op, self._message))


def _error_class(class_name, code, doc):
    def __init__(self, node_def, op, message, *args):
        OpError.__init__(self, node_def, op, message, code)
    return type(class_name, (OpError,), {"__init__": __init__,
                                         "__doc__": doc})


CancelledError = _error_class("CancelledError", CANCELLED,
                              "An operation or step was cancelled.")
UnknownError = _error_class("UnknownError", UNKNOWN, "An unknown error.")
InvalidArgumentError = _error_class(
    "InvalidArgumentError", INVALID_ARGUMENT,
    "An operation received an invalid argument (e.g. an unfed placeholder).")
DeadlineExceededError = _error_class("DeadlineExceededError",
                                     DEADLINE_EXCEEDED,
                                     "A deadline expired.")
NotFoundError = _error_class("NotFoundError", NOT_FOUND,
                             "A requested entity was not found.")
AlreadyExistsError = _error_class("AlreadyExistsError", ALREADY_EXISTS,
                                  "An entity already exists.")
PermissionDeniedError = _error_class("PermissionDeniedError",
                                     PERMISSION_DENIED,
                                     "The caller lacks permission.")
UnauthenticatedError = _error_class("UnauthenticatedError", UNAUTHENTICATED,
                                    "The request lacks credentials.")
ResourceExhaustedError = _error_class("ResourceExhaustedError",
                                      RESOURCE_EXHAUSTED,
                                      "A resource has been exhausted.")
FailedPreconditionError = _error_class(
    "FailedPreconditionError", FAILED_PRECONDITION,
    "The system is not in a state to run the operation (e.g. a variable is "
    "used before it was initialized).")
AbortedError = _error_class("AbortedError", ABORTED,
                            "The operation was aborted.")
OutOfRangeError = _error_class("OutOfRangeError", OUT_OF_RANGE,
                               "An operation went past the valid range.")
UnimplementedError = _error_class("UnimplementedError", UNIMPLEMENTED,
                                  "The operation is not implemented.")
InternalError = _error_class("InternalError", INTERNAL,
                             "An internal invariant was broken.")
UnavailableError = _error_class("UnavailableError", UNAVAILABLE,
                                "The runtime is unavailable.")
DataLossError = _error_class("DataLossError", DATA_LOSS,
                             "Unrecoverable data loss or corruption.")
