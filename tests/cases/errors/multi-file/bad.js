function f(a) {
  if (a) {
    return 1;
  
}
